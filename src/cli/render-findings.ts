import type { AlertSummary, IncidentSummary, LookupResult, Section, TargetFindings } from '../defender/lookup/types';

const ISOLATION: Record<string, string> = {
  isolated: 'ISOLATED',
  notIsolated: 'not isolated',
  pendingIsolation: 'isolation pending',
  pendingRelease: 'release pending',
  unknown: 'isolation unknown',
};

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

function sectionLines<T>(title: string, s: Section<T>, line: (item: T) => string, emptyText = 'none'): string[] {
  if (s.status === 'notApplicable') return [];
  const head =
    s.status === 'error'
      ? `${title}: FAILED - ${s.error.message}`
      : `${title} (${s.items.length}${s.truncated ? '+' : ''}):${s.items.length === 0 ? ` ${emptyText}` : ''}`;
  return [head, ...s.items.map((i) => `  ${line(i)}`)];
}

const incidentLine = (i: IncidentSummary) =>
  `[${i.severity}] ${i.title} (incident ${i.id}, ${i.status}${i.assignedTo ? `, assigned ${i.assignedTo}` : ''}${i.classification && i.classification !== 'unknown' ? `, ${i.classification}` : ''}) ${i.link}`;

const alertLine = (a: AlertSummary) =>
  `[${a.severity}] ${a.title} (${a.serviceSource}, ${a.status}, ${day(a.createdDateTime)}${
    a.evidence.length
      ? `; evidence: ${a.evidence
          .slice(0, 4)
          .map((e) => `${e.type} ${e.value}`)
          .join(', ')}`
      : ''
  }) ${a.link}`;

function targetLines(f: TargetFindings): string[] {
  const t = f.target;
  const lines = [`== ${t.type} ${t.value}${t.internal ? ' (internal)' : ''}${f.cached ? ' (cached)' : ''} ==`];
  lines.push(...sectionLines('Incidents', f.incidents, incidentLine));
  lines.push(...sectionLines('Alerts', f.alerts, alertLine));
  lines.push(...sectionLines('Assigned to this address', f.assigned, (x) => ('alertCount' in x ? incidentLine(x) : alertLine(x))));
  lines.push(
    ...sectionLines('Devices', f.devices, (d) =>
      [
        d.name,
        d.os,
        d.healthStatus,
        d.riskScore && `risk ${d.riskScore}`,
        d.exposureLevel && `exposure ${d.exposureLevel}`,
        ISOLATION[d.isolation],
        `last seen ${day(d.lastSeen)}`,
        `- ${d.relation}`,
      ]
        .filter(Boolean)
        .join('  '),
    ),
  );
  lines.push(
    ...sectionLines('File', f.files, (x) =>
      x.profileAvailable
        ? `${x.fileName ?? '?'} sha1 ${x.sha1} sha256 ${x.sha256}; global prevalence ${x.globalPrevalence ?? '?'}; on ${x.orgPrevalence} device(s) here; signer ${x.signer ?? 'unsigned'}; ${x.threatName ? `threat ${x.threatName}` : 'no threat name'}`
        : `Defender has no profile for this hash; on ${x.orgPrevalence} device(s) here`,
    ),
  );
  lines.push(
    ...sectionLines(
      'Prevalence',
      f.prevalence,
      (p) => `${p.organizationPrevalence} device(s), ${p.connections} connection(s), first ${day(p.firstSeen)}, last ${day(p.lastSeen)} ${p.link}`,
    ),
  );
  lines.push(
    ...sectionLines(
      'E-mails',
      f.emails,
      (e) =>
        `${day(e.timestamp)} ${e.sender ?? '?'} -> ${e.recipient ?? '?'} "${e.subject ?? ''}" ${e.deliveryAction ?? ''}${e.threatTypes ? ` [${e.threatTypes}]` : ''} (${e.match})${e.postDelivery.length ? `; after delivery: ${e.postDelivery.join(', ')}` : ''}`,
    ),
  );
  lines.push(
    ...sectionLines(
      'Hunting',
      f.hunting,
      (g) =>
        `${g.table}: ${g.rows.length} row(s)${
          Object.keys(g.summary).length
            ? `; ${Object.entries(g.summary)
                .map(([k, v]) => `${k}: ${v.join(', ')}`)
                .join('; ')}`
            : ''
        }`,
    ),
  );
  return lines;
}

/** The findings as plain text for a terminal. */
export function renderFindingsText(result: LookupResult, notice?: string): string {
  const out: string[] = [];
  if (result.demo) out.push('DEMO DATA (embedded Defender emulator, not your tenant)');
  if (notice) out.push(notice);
  if (result.findings.length === 0) out.push('No indicators found in the text.');
  for (const f of result.findings) out.push('', ...targetLines(f));
  return out.join('\n');
}
