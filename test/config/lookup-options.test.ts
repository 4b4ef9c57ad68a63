import {
  checkOptionValue,
  CONVERSATION_OPTIONS,
  lookupOptionsOf,
  narrowedOptions,
  optionByName,
  optionsFingerprint,
  parseOptionText,
  type ConversationOption,
  type LookupOptions,
} from '../../src/config/lookup-options';
import { GRAPH_ENUMS } from '../../src/config/graph-enums';
import { loadConfig } from '../../src/config/load';

const deployment: LookupOptions = lookupOptionsOf(
  loadConfig({
    DEFENDER_IGNORE_SEVERITIES: 'unknown',
    DEFENDER_LOOKBACK_DAYS: '60',
    DEFENDER_HUNTING_SUMMARY_FIELDS: 'Title, DeviceName',
    DEFENDER_HUNTING_IGNORE_FIELDS: 'AdditionalFields',
  }),
);

const option = (name: string): ConversationOption => {
  const found = optionByName(name);
  if ('error' in found) throw new Error(found.error);
  return found;
};
const parse = (name: string, text: string, base = deployment) => parseOptionText(option(name), text, base);
const error = (name: string, text: string, base = deployment): string => {
  const r = parse(name, text, base);
  if (!('error' in r)) throw new Error(`accepted ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('option names', () => {
  it('are the chat name or the setting name, in any case, with or without - and _', () => {
    for (const o of CONVERSATION_OPTIONS) {
      expect(option(o.name)).toBe(o);
      expect(option(o.setting)).toBe(o);
      expect(option(o.name.toUpperCase().replace(/-/g, '_'))).toBe(o);
    }
    expect(option('lookbackDays').name).toBe('lookback-days');
    expect(option('DEFENDER_HUNTING_SUMMARY_FIELDS').name).toBe('summary-fields');
  });

  it('an unknown one is refused with the closest option and every option', () => {
    const typo = optionByName('ignore-severites');
    expect(typo).toEqual({ error: expect.stringContaining('"ignore-severites" is not an option here: did you mean "ignore-severities"?') });
    for (const hostile of ['DEFENDER_CACHE_SECONDS', 'ROLE_ADMINS', 'huntingQuery', '__proto__', 'constructor', '<b>x</b>', 'x'.repeat(10_000)]) {
      const r = optionByName(hostile);
      expect('error' in r).toBe(true);
      if ('error' in r) {
        expect(r.error).toContain(`Options: ${CONVERSATION_OPTIONS.map((o) => o.name).join(', ')}`);
        expect(r.error.length).toBeLessThan(400);
      }
    }
  });
});

describe('ignore lists', () => {
  it("take Graph's values in any case, kept in Graph's spelling, without repeats", () => {
    expect(parse('ignore-severities', 'Informational, LOW,informational')).toEqual({ value: ['informational', 'low'] });
    expect(parse('ignore-statuses', 'inprogress')).toEqual({ value: ['inProgress'] });
    expect(parse('ignore-service-sources', 'MICROSOFTDEFENDERFORCLOUDAPPS')).toEqual({ value: ['microsoftDefenderForCloudApps'] });
  });

  it('refuse a value that is not one, naming the option, the value and every allowed value', () => {
    const e = error('ignore-severities', 'informational, critcal');
    expect(e).toBe(`ignore-severities: "critcal" is not a severity. Allowed: ${GRAPH_ENUMS.severity.join(', ')}`);
    expect(error('ignore-classifications', 'falsePositiv')).toContain('did you mean "falsePositive"?');
  });

  it('refuse hostile text without echoing it whole', () => {
    for (const hostile of ["high' or 1 eq 1", 'high\u0000', '<at>everyone</at>', '@channel', 'high; low', '${jndi:ldap://x}', '\u202Ehgih']) {
      const e = error('ignore-severities', hostile);
      expect(e).toMatch(/^ignore-severities: .* is not a severity/);
    }
    expect(error('ignore-severities', 'x'.repeat(5000))).toBe('ignore-severities: the value is longer than 2000 characters.');
    expect(error('ignore-severities', 'y'.repeat(500))).toContain(`"${'y'.repeat(80)}" is not`);
    expect(error('ignore-severities', ',, ,')).toContain('name at least one severity');
    expect(error('ignore-severities', '   ')).toContain('ignore-severities needs a value');
  });

  it("can only add to the deployment's (there is no way to stop ignoring what it ignores)", () => {
    const r = parse('ignore-severities', 'informational');
    if (!('value' in r)) throw new Error(r.error);
    const narrowed = narrowedOptions(deployment, new Map([[option('ignore-severities'), r.value]]));
    expect(narrowed.ignore.severity).toEqual(['unknown', 'informational']);
    expect(narrowed.ignore.classification).toEqual([]);
  });
});

describe('lookback-days', () => {
  it("shorter than the deployment's, parsed as the setting is", () => {
    expect(parse('lookback-days', '7')).toEqual({ value: 7 });
    expect(parse('lookback-days', ' 60 ')).toEqual({ value: 60 });
    expect(narrowedOptions(deployment, new Map([[option('lookback-days'), 7]])).lookbackDays).toBe(7);
  });

  it('refuses widening, naming the value, the deployment value and what is allowed', () => {
    expect(error('lookback-days', '61')).toBe(
      "lookback-days: 61 days would look further back than the deployment's 60 (DEFENDER_LOOKBACK_DAYS): a conversation may only shorten it, to 1 to 60 days.",
    );
    expect(error('lookback-days', '3651')).toBe('lookback-days: "3651" must be at most 3650.');
  });

  it('refuses what is not a whole number of days', () => {
    for (const bad of ['0', '-5', '7.5', '1e3', 'seven', '0x10', '7 days', '99999999999999999999'])
      expect(error('lookback-days', bad)).toMatch(/^lookback-days: "[^"]*" must be /);
  });
});

describe('summary-fields', () => {
  it("is a choice among the deployment's, in its spelling and order, or none", () => {
    expect(parse('summary-fields', 'devicename')).toEqual({ value: ['DeviceName'] });
    expect(parse('summary-fields', 'NONE')).toEqual({ value: [] });
    const narrowed = narrowedOptions(deployment, new Map([[option('summary-fields'), ['DeviceName', 'Title']]]));
    expect(narrowed.summaryFields).toEqual(['Title', 'DeviceName']);
  });

  it('refuses a field the deployment does not show, listing those it does', () => {
    expect(error('summary-fields', 'Title, RemoteIP')).toBe(
      'summary-fields: "RemoteIP" is not one of the deployment\'s summary fields. Allowed: Title, DeviceName (or none).',
    );
    const none = { ...deployment, summaryFields: [] };
    expect(error('summary-fields', 'Title', none)).toContain('the deployment shows no summary fields (DEFENDER_HUNTING_SUMMARY_FIELDS is empty)');
    expect(parse('summary-fields', 'none', none)).toEqual({ value: [] });
  });
});

describe('ignore-fields', () => {
  it("adds hunting columns to the deployment's", () => {
    expect(parse('ignore-fields', 'Title, ReportId')).toEqual({ value: ['Title', 'ReportId'] });
    expect(narrowedOptions(deployment, new Map([[option('ignore-fields'), ['Title', 'additionalfields']]])).ignoreFields).toEqual([
      'AdditionalFields',
      'Title',
    ]);
  });

  it('refuses what is not a column name', () => {
    for (const bad of ['Device Name', "['Title']", '<b>x</b>', '1abc', 'a'.repeat(129)])
      expect(error('ignore-fields', bad)).toContain('is not a hunting column name');
  });
});

describe('stored values read again', () => {
  it('are checked as typed ones: wrong types, widening after the deployment shrank, and altered rows are refused', () => {
    expect(checkOptionValue(option('lookback-days'), 30, deployment)).toEqual({ value: 30 });
    expect('error' in checkOptionValue(option('lookback-days'), 30, { ...deployment, lookbackDays: 20 })).toBe(true);
    for (const bad of [null, undefined, {}, [7], '7; drop', true]) expect('error' in checkOptionValue(option('lookback-days'), bad, deployment)).toBe(true);
    for (const bad of [null, 7, { a: 1 }, [1, 2], ['critical']]) expect('error' in checkOptionValue(option('ignore-severities'), bad, deployment)).toBe(true);
    expect('error' in checkOptionValue(option('summary-fields'), ['RemoteIP'], deployment)).toBe(true);
  });
});

describe('the cache fingerprint', () => {
  it("is empty for the deployment's options however they are spelt, and differs for every narrowing", () => {
    expect(optionsFingerprint(deployment, deployment)).toBe('');
    const same = { ...deployment, ignore: { ...deployment.ignore, severity: ['UNKNOWN'] }, summaryFields: ['devicename', 'title'] };
    expect(optionsFingerprint(same, deployment)).toBe('');
    const narrowings: LookupOptions[] = [
      { ...deployment, lookbackDays: 7 },
      { ...deployment, ignore: { ...deployment.ignore, severity: ['unknown', 'informational'] } },
      { ...deployment, ignore: { ...deployment.ignore, status: ['resolved'] } },
      { ...deployment, summaryFields: ['Title'] },
      { ...deployment, ignoreFields: ['AdditionalFields', 'Title'] },
    ];
    const prints = narrowings.map((n) => optionsFingerprint(n, deployment));
    expect(prints.every((p) => p !== '')).toBe(true);
    expect(new Set(prints).size).toBe(prints.length);
  });
});
