import { parseTriageText, splitIncidentRef } from '../../src/core/commands/incident';
import { incidentRefs } from '../../src/core/incidents/incident-refs';
import { describeChanges, parseSnapshot } from '../../src/core/incidents/incident-snapshot';
import { checkText, MAX_COMMENT } from '../../src/core/incidents/triage';
import { DETERMINATIONS_BY_CLASSIFICATION, isValidPair, classificationText } from '../../src/defender/incident-values';
import { GRAPH_ENUMS } from '../../src/config/graph-enums';

describe('incident references', () => {
  it.each([
    ['4471', '4471'],
    ['#4471 assign me', '4471'],
    ['4471, high', '4471'],
    ['https://security.microsoft.com/incidents/4471?tid=abc', '4471'],
    ['https://security.microsoft.us/incident2/88/overview?tid=abc', '88'],
    ['https://security.apps.mil/incidents/7', '7'],
  ])('%s names incident %s', (text, id) => {
    expect(splitIncidentRef(text)?.id).toBe(id);
  });

  it.each(['', 'report', '-1', '4471x', "4471' or 1=1", '１２３', 'https://evil.example/incidents/4471', '9'.repeat(30)])('%j names no incident', (text) => {
    expect(splitIncidentRef(text)).toBeUndefined();
  });

  it('finds incidents written in a message and portal links, once each, at most three', () => {
    const text = 'paged: incident 4471 and Incident #4472; see also incident id 4471 and incident 1, incident 2';
    expect(incidentRefs(text, [{ type: 'url', value: 'https://security.microsoft.com/incidents/9?tid=x' }])).toEqual(['4471', '4472', '1']);
    expect(incidentRefs('no incidents here, incidental 5', [{ type: 'url', value: 'https://security.microsoft.com/alerts/da1' }])).toEqual([]);
    expect(incidentRefs('incident 2024-05-01 report, incident 12/03, incident 10:30', [])).toEqual([]);
  });
});

describe('triage by text', () => {
  it.each([
    ['assign', { op: 'assign' }],
    ['assign me', { op: 'assign' }],
    ['take', { op: 'assign' }],
    ['assign to alex@contoso.com', { op: 'assign', to: 'alex@contoso.com' }],
    ['assign <mailto:alex@contoso.com|alex@contoso.com>', { op: 'assign', to: 'alex@contoso.com' }],
    ['status in progress', { op: 'status', status: 'inProgress' }],
    ['status RESOLVED', { op: 'status', status: 'resolved' }],
    ['resolve tp malware', { op: 'resolve', classification: 'truePositive', determination: 'malware' }],
    ['classify fp not enough data to validate', { op: 'resolve', classification: 'falsePositive', determination: 'notEnoughDataToValidate' }],
    ['resolve benign security testing', { op: 'resolve', classification: 'informationalExpectedActivity', determination: 'securityTesting' }],
    ['comment looked at it, "benign"', { op: 'comment', text: 'looked at it, "benign"' }],
    ['tag add phish-wave', { op: 'addTag', tag: 'phish-wave' }],
    ['untag phish-wave', { op: 'removeTag', tag: 'phish-wave' }],
  ])('%s', (text, op) => {
    expect(parseTriageText(text)).toEqual(op);
  });

  it.each([
    'status closed',
    'status',
    'resolve tp notMalicious',
    'resolve maybe malware',
    'resolve tp',
    'assign alex',
    "assign x'@y.com",
    'comment',
    'tag add a,b',
    'tag rename x',
    'delete',
    `comment ${'x'.repeat(MAX_COMMENT + 1)}`,
  ])('%s is refused with words', (text) => {
    const parsed = parseTriageText(text);
    expect(parsed && 'error' in parsed && parsed.error.length > 10).toBe(true);
  });

  it('nothing after the id shows the card', () => {
    expect(parseTriageText('')).toBeUndefined();
  });
});

describe('comment and tag text', () => {
  it('strips control characters, keeps newlines in comments, refuses wrong types and empty text', () => {
    expect(checkText('comment', 'a\u0000b\u0007\nc')).toEqual({ value: 'ab\nc' });
    expect(checkText('tag', 'a\nb')).toEqual({ value: 'a b' });
    for (const bad of [undefined, null, 42, ['x'], { toString: 'x' }, '', ' \u0000 ']) expect('error' in checkText('comment', bad)).toBe(true);
    expect(checkText('comment', '🛡️ é \u202e')).toEqual({ value: '🛡️ é \u202e' });
    expect('error' in checkText('comment', 'half \ud83d of an emoji')).toBe(true);
    expect('error' in checkText('tag', '\ude00tail')).toBe(true);
  });
});

describe('classification and determination', () => {
  it('offers only pairs of Graph enum values, each classification with its own determinations', () => {
    for (const [c, ds] of Object.entries(DETERMINATIONS_BY_CLASSIFICATION)) {
      expect(GRAPH_ENUMS.classification).toContain(c);
      for (const d of ds) {
        expect(GRAPH_ENUMS.determination).toContain(d);
        expect(isValidPair(c, d)).toBe(true);
      }
    }
    expect(isValidPair('truePositive', 'notMalicious')).toBe(false);
    expect(isValidPair('falsePositive', 'malware')).toBe(false);
    expect(isValidPair('unknown', 'unknown')).toBe(false);
    expect(classificationText('truePositive', 'malware')).toBe('True positive: Malware');
    expect(classificationText(null, null)).toBe('Not classified');
  });

  it('says what changed between two states, and reads a stored snapshot defensively', () => {
    const before = parseSnapshot(JSON.stringify({ status: 'active', severity: 'high', assignedTo: null, customTags: ['a'] }))!;
    const after = {
      ...before,
      status: 'resolved',
      assignedTo: 'carol@contoso.com',
      classification: 'truePositive',
      determination: 'phishing',
      customTags: ['b'],
    };
    expect(describeChanges(before, after)).toEqual([
      'status Active → Resolved',
      'owner nobody → carol@contoso.com',
      'classification Not classified → True positive: Phishing',
      'tags added: b',
      'tags removed: a',
    ]);
    for (const bad of ['', 'null', '[]', '{"status":1}', '{{']) expect(parseSnapshot(bad)).toBeUndefined();
  });
});
