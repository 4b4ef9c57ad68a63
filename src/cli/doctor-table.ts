import { TENANT_NAME_MAX_LENGTH } from '../config/tenants-file';
import type { Check, CheckStatus } from './doctor';
import { COLUMNS, tenantFailed, type Column, type TenantReport } from './doctor-tenants';

const MARK: Record<CheckStatus, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL' };
const HEADERS: Record<Column, string> = { graphToken: 'GRAPH TOKEN', mdeToken: 'MDE TOKEN', permissions: 'PERMISSIONS', calls: 'CALLS' };
/** The longest cloud (gcc-high) and credential source (managed-identity) names. */
const CLOUD_WIDTH = 10;
const SOURCE_WIDTH = 16;

/**
 * One line of a cell: anything but printable ASCII shown as `?`, cut to `width` (with `~` where it was cut). Names are
 * validated by the tenants file already; this keeps a row on its line and in its columns whatever reaches it.
 */
export function cell(text: string, width: number): string {
  const safe = text.replace(/[^\x20-\x7e]/g, '?');
  const cut = safe.length > width ? `${safe.slice(0, width - 1)}~` : safe;
  return cut.padEnd(width);
}

/** Text for the lines under a tenant: control characters shown escaped, so no value can forge a line of its own. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One row per tenant; at most 98 columns with the longest allowed names. */
export function tenantTable(reports: readonly TenantReport[]): string[] {
  const widths = [TENANT_NAME_MAX_LENGTH, CLOUD_WIDTH, SOURCE_WIDTH, ...COLUMNS.map((c) => HEADERS[c].length)];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => cell(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(['TENANT', 'CLOUD', 'CREDENTIAL', ...COLUMNS.map((c) => HEADERS[c])]),
    ...reports.map((r) => line([r.tenant.name, r.tenant.cloud, r.tenant.credentialSource, ...COLUMNS.map((c) => MARK[r.status[c]])])),
  ];
}

function checkLines(check: Check): string[] {
  const mark = check.status === 'fail' ? 'FAIL' : check.status === 'warn' ? 'WARN' : 'OK  ';
  const detail = check.detail ? check.detail.split('\n').map(printable) : [];
  return [`  ${mark}  ${printable(check.title)}`, ...detail.map((d) => `        ${d}`)];
}

/**
 * The table, then under each tenant that did not pass everything the checks that did not, each with its fix, then the
 * bindings that speak for a failed tenant, then the verdict.
 */
export function formatTenantsReport(heading: string, reports: readonly TenantReport[], bindings: readonly Check[]): string {
  const lines = [printable(heading), '', ...tenantTable(reports)];
  for (const r of reports) {
    if (!r.problems.length) continue;
    lines.push(
      '',
      `${cell(r.tenant.name, TENANT_NAME_MAX_LENGTH).trimEnd()} (tenant ${printable(r.tenant.tenantId)}, ${r.tenant.cloud}, ${r.tenant.credentialSource})`,
    );
    for (const p of r.problems) lines.push(...checkLines(p));
  }
  if (bindings.length) {
    lines.push('', 'Bindings');
    for (const b of bindings) lines.push(...checkLines(b));
  }
  const failed = reports.filter(tenantFailed).length;
  const warned = reports.filter((r) => !tenantFailed(r) && r.problems.length).length + bindings.length;
  const n = reports.length;
  lines.push(
    '',
    failed === 0
      ? `All ${n} tenant${n === 1 ? '' : 's'} passed${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.`
      : `${failed} of ${n} tenant${n === 1 ? '' : 's'} failed: fix ${failed > 1 ? 'them' : 'it'} and run doctor again.`,
  );
  return lines.join('\n');
}
