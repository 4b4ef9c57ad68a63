import { fillHuntingTemplate, kqlDynamicList, kqlString } from '../queries/kql';
import type { LookupTarget, TargetType } from './types';

/*
 * Column names and types are those of Microsoft's advanced hunting schema (src/defender/hunting-schema/schema.json,
 * from learn.microsoft.com/defender-xdr/advanced-hunting-<table>-table). What is built here is checked by Microsoft's
 * own analyzer in the tests (test/defender/lookup/hunting-query-analyzer.test.ts): a query Defender refuses fails the
 * whole union, so no clause may rely on a type the schema does not give (e.g. DeviceNetworkInfo.IPAddresses is JSON
 * text, a `string`, and only parse_json() makes it dynamic).
 */

/** The values of one lookup, grouped as the hunting tables match them. */
export interface HuntingValues {
  ips: string[];
  cidrs: string[];
  domains: string[];
  urls: string[];
  sha1s: string[];
  sha256s: string[];
  md5s: string[];
  mails: string[];
  devices: string[];
  cves: string[];
  /** Twelve upper-case hex digits, no separators: compared with MacAddress normalised the same way. */
  macs: string[];
}

/** A MAC address in any spelling (00-15-5D-8A-3C-21, 00:15:5d:8a:3c:21, 0015.5d8a.3c21, 00155D8A3C21) as 12 upper-case hex digits. */
export function macDigits(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function groupValues(targets: LookupTarget[]): HuntingValues {
  const v: HuntingValues = { ips: [], cidrs: [], domains: [], urls: [], sha1s: [], sha256s: [], md5s: [], mails: [], devices: [], cves: [], macs: [] };
  for (const t of targets) {
    switch (t.type) {
      case 'ipv4':
      case 'ipv6':
        v.ips.push(t.value);
        break;
      case 'ipv4cidr':
        v.cidrs.push(t.value);
        break;
      case 'domain':
        v.domains.push(t.value);
        break;
      case 'url':
        v.urls.push(t.value);
        break;
      case 'sha1':
        v.sha1s.push(t.value);
        break;
      case 'sha256':
        v.sha256s.push(t.value);
        break;
      case 'md5':
        v.md5s.push(t.value);
        break;
      case 'email':
      case 'user':
        v.mails.push(t.value);
        break;
      case 'device':
        v.devices.push(t.value);
        break;
      case 'cve':
        v.cves.push(t.value);
        break;
      case 'mac':
        v.macs.push(macDigits(t.value));
        break;
    }
  }
  return v;
}

const or = (clauses: (string | false)[]) => clauses.filter((c): c is string => !!c).join(' or ');

/** The sections the native query can return, in the `Section` column of each row. */
export type HuntingSection =
  'evidence' | 'deviceName' | 'deviceMac' | 'network' | 'deviceIp' | 'files' | 'fileProfile' | 'emails' | 'emailUrls' | 'emailFiles' | 'postDelivery';

/** Which parts of the native query can hold rows about an indicator of each type. */
export const SECTIONS_FOR: Record<TargetType, readonly HuntingSection[]> = {
  ipv4: ['evidence', 'network', 'deviceIp', 'emails', 'postDelivery'],
  ipv6: ['evidence', 'network', 'deviceIp', 'emails', 'postDelivery'],
  ipv4cidr: ['evidence', 'network', 'deviceIp'],
  domain: ['evidence', 'network', 'emails', 'postDelivery', 'emailUrls'],
  url: ['evidence', 'network', 'emails', 'postDelivery', 'emailUrls'],
  email: ['evidence', 'emails', 'postDelivery'],
  user: ['evidence', 'emails', 'postDelivery'],
  md5: ['evidence', 'files', 'fileProfile'],
  sha1: ['evidence', 'files', 'fileProfile'],
  sha256: ['evidence', 'files', 'fileProfile', 'emails', 'postDelivery', 'emailFiles'],
  cve: ['evidence'],
  mac: ['deviceMac'],
  device: ['evidence', 'deviceName'],
};

/** One `let` of the native query and the lets it reads. */
export interface HuntingLet {
  name: string;
  text: string;
  uses: string[];
}

/** One member of the native query's union: runnable alone with the lets it needs. */
export interface HuntingPart {
  /** Unique within the query (two parts may fill the same section). */
  name: string;
  section: HuntingSection;
  /** `(Table | ...)`, as it stands in the union. */
  body: string;
  /** The part by itself: its lets (and theirs), then its body. */
  query: string;
}

export interface NativeHunting {
  /** Every part in one union: one hunting call for all the indicators of a message. */
  query: string;
  parts: HuntingPart[];
}

class QueryParts {
  readonly lets: HuntingLet[] = [];
  readonly parts: { name: string; section: HuntingSection; body: string; uses: string[] }[] = [];

  let(name: string, text: string, uses: string[] = []): void {
    this.lets.push({ name, text, uses });
  }

  part(name: string, section: HuntingSection, body: string, uses: string[] = []): void {
    this.parts.push({ name, section, body, uses });
  }

  /** The lets a part needs, in declaration order. */
  needed(uses: string[]): HuntingLet[] {
    const want = new Set<string>();
    const visit = (name: string) => {
      if (want.has(name)) return;
      want.add(name);
      for (const u of this.lets.find((l) => l.name === name)?.uses ?? []) visit(u);
    };
    uses.forEach(visit);
    return this.lets.filter((l) => want.has(l.name));
  }

  build(): NativeHunting | undefined {
    if (this.parts.length === 0) return undefined;
    const used = this.needed(this.parts.flatMap((p) => p.uses));
    return {
      query: [...used.map((l) => l.text), `union ${this.parts.map((p) => p.body).join(',\n  ')}`].join('\n'),
      parts: this.parts.map((p) => ({ name: p.name, section: p.section, body: p.body, query: [...this.needed(p.uses).map((l) => l.text), p.body].join('\n') })),
    };
  }
}

/**
 * One advanced-hunting query for every indicator of a message: alert evidence, network and file events, devices by
 * IP or MAC, the file profile, and e-mail (messages, URLs, attachments, post-delivery actions). Every value enters as
 * an escaped literal through `let` lists; only clauses with values are written, so the query stays small. Each member
 * of the union is also available by itself (with only the lets it reads), so a refused union can be retried in parts.
 */
export function buildNativeHunting(targets: LookupTarget[]): NativeHunting | undefined {
  const v = groupValues(targets);
  const has = (list: string[]) => list.length > 0;
  const q = new QueryParts();
  for (const name of Object.keys(v) as (keyof HuntingValues)[]) {
    if (has(v[name])) q.let(name, `let ${name} = ${kqlDynamicList(v[name], 'indicator')};`);
  }
  const lists = (...names: (keyof HuntingValues)[]) => names.filter((n) => has(v[n]));

  const anyFile = has(v.sha1s) || has(v.sha256s) || has(v.md5s);
  // DeviceFileEvents has SHA1, SHA256 and MD5; AlertEvidence has no MD5 column, so an MD5 reaches alerts through the
  // SHA1 the file events pair it with.
  const fileClause = or([has(v.sha1s) && 'SHA1 in~ (sha1s)', has(v.sha256s) && 'SHA256 in~ (sha256s)', has(v.md5s) && 'MD5 in~ (md5s)']);
  if (has(v.md5s)) q.let('md5Sha1', 'let md5Sha1 = DeviceFileEvents | where MD5 in~ (md5s) | where isnotempty(SHA1) | distinct SHA1;', ['md5s']);
  const msgByUrl = has(v.urls) || has(v.domains);
  const urlClause = or([has(v.urls) && 'Url in~ (urls)', has(v.domains) && 'UrlDomain in~ (domains)']);
  if (msgByUrl) q.let('msgByUrl', `let msgByUrl = EmailUrlInfo | where ${urlClause} | distinct NetworkMessageId;`, lists('urls', 'domains'));
  if (has(v.sha256s)) q.let('msgByFile', 'let msgByFile = EmailAttachmentInfo | where SHA256 in~ (sha256s) | distinct NetworkMessageId;', ['sha256s']);

  const cidrClause = (column: string) => `ipv4_is_in_any_range(${column}, cidrs)`;

  // AlertEvidence.AdditionalFields is a string (JSON text): has_any works on it as on any string.
  const evidence = or([
    has(v.ips) && 'RemoteIP in (ips)',
    has(v.cidrs) && cidrClause('RemoteIP'),
    has(v.urls) && 'RemoteUrl in~ (urls)',
    has(v.domains) && 'RemoteUrl has_any (domains)',
    has(v.sha1s) && 'SHA1 in~ (sha1s)',
    has(v.md5s) && 'SHA1 in (md5Sha1)',
    has(v.sha256s) && 'SHA256 in~ (sha256s)',
    has(v.mails) && 'AccountUpn in~ (mails)',
    has(v.mails) && 'AdditionalFields has_any (mails)',
    has(v.devices) && 'DeviceName in~ (devices) or tostring(split(DeviceName, ".")[0]) in~ (devices) or DeviceId in~ (devices)',
    has(v.cves) && 'Title has_any (cves)',
  ]);
  const EVIDENCE_COLUMNS =
    'Timestamp, AlertId, Title, ServiceSource, EntityType, EvidenceRole, RemoteIP, RemoteUrl, SHA1, SHA256, FileName, AccountUpn, DeviceId, DeviceName, NetworkMessageId, AdditionalFields';
  if (evidence) {
    const uses = [...lists('ips', 'cidrs', 'urls', 'domains', 'sha1s', 'sha256s', 'mails', 'devices', 'cves'), ...(has(v.md5s) ? ['md5Sha1'] : [])];
    // Every evidence row of each matching alert, so the alert's devices come back in the same round trip.
    q.let('hitAlerts', `let hitAlerts = AlertEvidence | where ${evidence} | distinct AlertId | take 200;`, uses);
    q.part('evidence', 'evidence', `(AlertEvidence | where AlertId in (hitAlerts) | project Section = "evidence", ${EVIDENCE_COLUMNS} | take 2000)`, [
      'hitAlerts',
    ]);
  }
  // Alerts about the e-mails that carried a URL, domain or attachment: a part of its own, since it reads the e-mail
  // tables (a tenant without Defender for Office 365 has none, and that must not cost the other alerts).
  const byMail = or([msgByUrl && 'NetworkMessageId in (msgByUrl)', has(v.sha256s) && 'NetworkMessageId in (msgByFile)']);
  if (byMail) {
    q.let('mailAlerts', `let mailAlerts = AlertEvidence | where ${byMail} | distinct AlertId | take 200;`, [
      ...(msgByUrl ? ['msgByUrl'] : []),
      ...(has(v.sha256s) ? ['msgByFile'] : []),
    ]);
    q.part('evidenceByMail', 'evidence', `(AlertEvidence | where AlertId in (mailAlerts) | project Section = "evidence", ${EVIDENCE_COLUMNS} | take 2000)`, [
      'mailAlerts',
    ]);
  }
  if (has(v.macs)) {
    // The schema page does not say how MacAddress is written: compare digits only, in one case, whatever the separators.
    q.part(
      'deviceMac',
      'deviceMac',
      '(DeviceNetworkInfo | where toupper(replace_regex(MacAddress, @"[^0-9A-Fa-f]", "")) in (macs) | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, MacAddress | extend Section = "deviceMac")',
      ['macs'],
    );
  }
  if (has(v.devices)) {
    q.part(
      'deviceName',
      'deviceName',
      '(DeviceInfo | where DeviceName in~ (devices) or DeviceId in~ (devices) or tostring(split(DeviceName, ".")[0]) in~ (devices) | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName | extend Section = "deviceName")',
      ['devices'],
    );
  }

  const network = or([
    has(v.ips) && 'RemoteIP in (ips)',
    has(v.cidrs) && cidrClause('RemoteIP'),
    has(v.urls) && 'RemoteUrl in~ (urls)',
    has(v.domains) && 'RemoteUrl has_any (domains)',
  ]);
  if (network) {
    q.part(
      'network',
      'network',
      `(DeviceNetworkEvents | where ${network} | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Connections = count() by DeviceId, DeviceName, RemoteIP, RemoteUrl | top 500 by LastSeen desc | extend Section = "network")`,
      lists('ips', 'cidrs', 'urls', 'domains'),
    );
  }

  if (has(v.ips) || has(v.cidrs)) {
    const ipMatch = or([has(v.ips) && 'IP in (ips)', has(v.cidrs) && cidrClause('IP')]);
    // IPAddresses is JSON text (a string column): parse_json() makes it an array to expand.
    q.part(
      'deviceIp',
      'deviceIp',
      `(DeviceNetworkInfo | where isnotempty(IPAddresses) | mv-expand Address = parse_json(IPAddresses) | extend IP = tostring(Address.IPAddress) | where ${ipMatch} | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, IP | extend Section = "deviceIp")`,
      lists('ips', 'cidrs'),
    );
    q.part(
      'devicePublicIp',
      'deviceIp',
      `(DeviceInfo | where isnotempty(PublicIP) | extend IP = PublicIP | where ${ipMatch} | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, IP | extend Section = "deviceIp")`,
      lists('ips', 'cidrs'),
    );
  }

  if (anyFile) {
    const fileUses = lists('sha1s', 'sha256s', 'md5s');
    q.part(
      'files',
      'files',
      `(DeviceFileEvents | where ${fileClause} | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), FileName = take_any(FileName), FolderPath = take_any(FolderPath) by DeviceId, DeviceName, SHA1, SHA256, MD5 | take 500 | extend Section = "files")`,
      fileUses,
    );
    // FileProfile(x, y) as its page documents it: x names the hash column (quoted in the page's example), y caps the rows.
    // The hashes asked for come from their let lists (each value is written once in the query).
    const profileSources = [`(DeviceFileEvents | where ${fileClause} | where isnotempty(SHA1) | distinct SHA1)`];
    if (has(v.sha1s)) profileSources.push('(print SHA1 = sha1s | mv-expand SHA1 to typeof(string))');
    q.part(
      'fileProfile',
      'fileProfile',
      `(union ${profileSources.join(', ')} | distinct SHA1 | invoke FileProfile("SHA1", 100) | extend Section = "fileProfile")`,
      fileUses,
    );
    if (has(v.sha256s)) {
      q.part(
        'fileProfileSha256',
        'fileProfile',
        '(print SHA256 = sha256s | mv-expand SHA256 to typeof(string) | invoke FileProfile("SHA256", 100) | extend Section = "fileProfile")',
        ['sha256s'],
      );
    }
  }

  const emailClause = or([
    has(v.mails) && 'SenderFromAddress in~ (mails) or SenderMailFromAddress in~ (mails) or RecipientEmailAddress in~ (mails)',
    has(v.ips) && 'SenderIPv4 in (ips) or SenderIPv6 in (ips)',
    has(v.domains) && 'SenderFromDomain in~ (domains) or SenderMailFromDomain in~ (domains)',
    msgByUrl && 'NetworkMessageId in (msgByUrl)',
    has(v.sha256s) && 'NetworkMessageId in (msgByFile)',
  ]);
  if (emailClause) {
    q.let('mail', `let mail = EmailEvents | where ${emailClause} | top 200 by Timestamp desc;`, [
      ...lists('mails', 'ips', 'domains'),
      ...(msgByUrl ? ['msgByUrl'] : []),
      ...(has(v.sha256s) ? ['msgByFile'] : []),
    ]);
    q.let('mailIds', 'let mailIds = mail | distinct NetworkMessageId;', ['mail']);
    q.part(
      'emails',
      'emails',
      '(mail | project Section = "emails", Timestamp, NetworkMessageId, SenderFromAddress, SenderMailFromAddress, SenderIPv4, SenderIPv6, SenderFromDomain, RecipientEmailAddress, Subject, DeliveryAction, DeliveryLocation, ThreatTypes)',
      ['mail'],
    );
    q.part(
      'postDelivery',
      'postDelivery',
      '(EmailPostDeliveryEvents | where NetworkMessageId in (mailIds) | project Section = "postDelivery", Timestamp, NetworkMessageId, RecipientEmailAddress, ActionType, ActionResult)',
      ['mailIds'],
    );
  }
  if (msgByUrl) {
    q.part(
      'emailUrls',
      'emailUrls',
      `(EmailUrlInfo | where ${urlClause} | project Section = "emailUrls", NetworkMessageId, Url, UrlDomain | take 500)`,
      lists('urls', 'domains'),
    );
  }
  if (has(v.sha256s)) {
    q.part(
      'emailFiles',
      'emailFiles',
      '(EmailAttachmentInfo | where SHA256 in~ (sha256s) | project Section = "emailFiles", NetworkMessageId, FileName, SHA256 | take 500)',
      ['sha256s'],
    );
  }

  return q.build();
}

/** The native query as one text (see buildNativeHunting). */
export function buildNativeHuntingQuery(targets: LookupTarget[]): string | undefined {
  return buildNativeHunting(targets)?.query;
}

/** The admin's own query, once per indicator, each row tagged with the indicator it was run for. */
export function buildCustomHuntingQuery(template: string, targets: LookupTarget[]): string | undefined {
  if (!template.trim() || targets.length === 0) return undefined;
  const parts = targets.map((t) => `(${fillHuntingTemplate(template, t.value)} | extend Indicator = ${kqlString(t.value, 'indicator')})`);
  return parts.length === 1 ? parts[0]!.slice(1, -1) : `union ${parts.join(',\n  ')}`;
}
