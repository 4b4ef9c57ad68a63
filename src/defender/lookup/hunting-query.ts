import { fillHuntingTemplate, kqlDynamicList, kqlString } from '../queries/kql';
import type { LookupTarget } from './types';

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
  /** In DeviceNetworkInfo's spelling: 00-0C-29-92-A6-4D. */
  macs: string[];
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
        v.macs.push(t.value.replace(/[:.-]/g, '').replace(/(..)(?!$)/g, '$1-').toUpperCase());
        break;
    }
  }
  return v;
}

const or = (clauses: (string | false)[]) => clauses.filter((c): c is string => !!c).join(' or ');

/** The sections the native query can return, in the `Section` column of each row. */
export type HuntingSection = 'evidence' | 'deviceName' | 'deviceMac' | 'network' | 'deviceIp' | 'files' | 'fileProfile' | 'emails' | 'emailUrls' | 'emailFiles' | 'postDelivery';

/**
 * One advanced-hunting query for every indicator of a message: alert evidence, network and file events, devices by
 * IP, the file profile, and e-mail (messages, URLs, attachments, post-delivery actions). Every value enters as an
 * escaped literal through `let` lists; only clauses with values are written, so the query stays small.
 */
export function buildNativeHuntingQuery(targets: LookupTarget[]): string | undefined {
  const v = groupValues(targets);
  const has = (list: string[]) => list.length > 0;
  const lets: string[] = [];
  const list = (name: keyof HuntingValues) => {
    if (has(v[name])) lets.push(`let ${name} = ${kqlDynamicList(v[name], 'indicator')};`);
  };
  (Object.keys(v) as (keyof HuntingValues)[]).forEach(list);
  const parts: string[] = [];

  const anyFile = has(v.sha1s) || has(v.sha256s) || has(v.md5s);
  const fileClause = or([has(v.sha1s) && 'SHA1 in~ (sha1s)', has(v.sha256s) && 'SHA256 in~ (sha256s)', has(v.md5s) && 'MD5 in~ (md5s)']);
  if (has(v.md5s)) lets.push('let md5Sha1 = DeviceFileEvents | where MD5 in~ (md5s) | distinct SHA1;');
  const msgByUrl = has(v.urls) || has(v.domains);
  if (msgByUrl) lets.push(`let msgByUrl = EmailUrlInfo | where ${or([has(v.urls) && 'Url in~ (urls)', has(v.domains) && 'UrlDomain in~ (domains)'])} | distinct NetworkMessageId;`);
  if (has(v.sha256s)) lets.push('let msgByFile = EmailAttachmentInfo | where SHA256 in~ (sha256s) | distinct NetworkMessageId;');

  const cidrClause = (column: string) => v.cidrs.map((c) => `ipv4_is_in_range(${column}, ${kqlString(c, 'CIDR')})`).join(' or ');

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
    msgByUrl && 'NetworkMessageId in (msgByUrl)',
    has(v.sha256s) && 'NetworkMessageId in (msgByFile)',
    has(v.cves) && 'Title has_any (cves)',
  ]);
  if (evidence) {
    // Every evidence row of each matching alert, so the alert's devices come back in the same round trip.
    lets.push(`let hitAlerts = AlertEvidence | where ${evidence} | distinct AlertId | take 200;`);
    parts.push(
      '(AlertEvidence | where AlertId in (hitAlerts) | project Section = "evidence", Timestamp, AlertId, Title, ServiceSource, EntityType, EvidenceRole, RemoteIP, RemoteUrl, SHA1, SHA256, FileName, AccountUpn, DeviceId, DeviceName, NetworkMessageId, AdditionalFields | take 2000)',
    );
  }
  if (has(v.macs)) {
    parts.push('(DeviceNetworkInfo | where MacAddress in~ (macs) | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, MacAddress | extend Section = "deviceMac")');
  }
  if (has(v.devices)) {
    parts.push(
      '(DeviceInfo | where DeviceName in~ (devices) or DeviceId in~ (devices) or tostring(split(DeviceName, ".")[0]) in~ (devices) | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName | extend Section = "deviceName")',
    );
  }

  const network = or([has(v.ips) && 'RemoteIP in (ips)', has(v.cidrs) && cidrClause('RemoteIP'), has(v.urls) && 'RemoteUrl in~ (urls)', has(v.domains) && 'RemoteUrl has_any (domains)']);
  if (network) {
    parts.push(
      `(DeviceNetworkEvents | where ${network} | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Connections = count() by DeviceId, DeviceName, RemoteIP, RemoteUrl | top 500 by LastSeen desc | extend Section = "network")`,
    );
  }

  if (has(v.ips) || has(v.cidrs)) {
    const ipMatch = or([has(v.ips) && 'IP in (ips)', has(v.cidrs) && cidrClause('IP')]);
    parts.push(
      `(DeviceNetworkInfo | mv-expand IPAddresses | extend IP = tostring(IPAddresses.IPAddress) | where ${ipMatch} | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, IP | extend Section = "deviceIp")`,
    );
    parts.push(
      `(DeviceInfo | extend IP = PublicIP | where ${ipMatch} | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, IP | extend Section = "deviceIp")`,
    );
  }

  if (anyFile) {
    parts.push(
      `(DeviceFileEvents | where ${fileClause} | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), FileName = take_any(FileName), FolderPath = take_any(FolderPath) by DeviceId, DeviceName, SHA1, SHA256, MD5 | take 500 | extend Section = "files")`,
    );
    const profileSources = [`(DeviceFileEvents | where ${fileClause} | distinct SHA1)`];
    if (has(v.sha1s)) profileSources.push(`(datatable(SHA1: string)[${v.sha1s.map((h) => kqlString(h, 'hash')).join(', ')}])`);
    parts.push(`(union ${profileSources.join(', ')} | distinct SHA1 | invoke FileProfile(SHA1, 100) | extend Section = "fileProfile")`);
    if (has(v.sha256s)) {
      parts.push(`(datatable(SHA256: string)[${v.sha256s.map((h) => kqlString(h, 'hash')).join(', ')}] | invoke FileProfile(SHA256, 100) | extend Section = "fileProfile")`);
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
    lets.push(`let mail = EmailEvents | where ${emailClause} | top 200 by Timestamp desc;`, 'let mailIds = mail | distinct NetworkMessageId;');
    parts.push(
      '(mail | project Section = "emails", Timestamp, NetworkMessageId, SenderFromAddress, SenderMailFromAddress, SenderIPv4, SenderIPv6, SenderFromDomain, RecipientEmailAddress, Subject, DeliveryAction, DeliveryLocation, ThreatTypes)',
    );
    parts.push(
      '(EmailPostDeliveryEvents | where NetworkMessageId in (mailIds) | project Section = "postDelivery", Timestamp, NetworkMessageId, RecipientEmailAddress, ActionType, ActionResult)',
    );
  }
  if (msgByUrl) {
    parts.push(`(EmailUrlInfo | where ${or([has(v.urls) && 'Url in~ (urls)', has(v.domains) && 'UrlDomain in~ (domains)'])} | project Section = "emailUrls", NetworkMessageId, Url, UrlDomain | take 500)`);
  }
  if (has(v.sha256s)) {
    parts.push('(EmailAttachmentInfo | where SHA256 in~ (sha256s) | project Section = "emailFiles", NetworkMessageId, FileName, SHA256 | take 500)');
  }

  if (parts.length === 0) return undefined;
  return [...lets, `union ${parts.join(',\n  ')}`].join('\n');
}

/** The admin's own query, once per indicator, each row tagged with the indicator it was run for. */
export function buildCustomHuntingQuery(template: string, targets: LookupTarget[]): string | undefined {
  if (!template.trim() || targets.length === 0) return undefined;
  const parts = targets.map((t) => `(${fillHuntingTemplate(template, t.value)} | extend Indicator = ${kqlString(t.value, 'indicator')})`);
  return parts.length === 1 ? parts[0]!.slice(1, -1) : `union ${parts.join(',\n  ')}`;
}
