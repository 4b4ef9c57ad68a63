import type { AppConfig } from '../config/schema';
import type { Defender } from '../defender/connect';
import { errorFromFailure } from '../defender/http/error-mapping';
import { DEMO_GROUPS } from '../config/demo';
import { DefenderError } from '../defender/http/errors';
import { graphOp, mdeOp } from '../defender/http/operation';
import { roleChecks } from './doctor-roles';
import { findPermission, isOverPrivileged, requiredPermissions, samePermission, type PermissionNeed } from '../defender/permissions';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  status: CheckStatus;
  title: string;
  detail?: string;
}

const MARK: Record<CheckStatus, string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' };

export function formatChecks(checks: Check[]): string {
  const lines = checks.map((c) => `${MARK[c.status]}  ${c.title}${c.detail ? `\n      ${c.detail.replace(/\n/g, '\n      ')}` : ''}`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  lines.push(
    '',
    failed === 0
      ? `All checks passed${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.`
      : `${failed} check${failed > 1 ? 's' : ''} failed: fix ${failed > 1 ? 'them' : 'it'} and run doctor again.`,
  );
  return lines.join('\n');
}

function grantHint(need: PermissionNeed): string {
  const api = need.resource === 'Microsoft Graph' ? 'Microsoft APIs > Microsoft Graph' : 'APIs my organization uses > WindowsDefenderATP';
  return `Grant it: Entra admin center > App registrations > your app > API permissions > Add a permission > ${api} > Application permissions > ${need.permission}, then "Grant admin consent".`;
}

/**
 * Each needed permission against the roles of the token for its API (compared case-insensitively: the token says
 * Url.Read.All where the documentation says URL.Read.All), then every broader permission no feature needs, each
 * named once with the API it was granted on. A broader permission that stands in for a needed one is reported with
 * that need, not again.
 */
export function permissionChecks(needed: PermissionNeed[], roles: Map<PermissionNeed['resource'], string[]>): Check[] {
  const checks: Check[] = [];
  const reported = new Set<string>();
  for (const need of needed) {
    const granted = roles.get(need.resource);
    if (!granted) {
      checks.push({
        status: 'fail',
        title: `Permission ${need.resource} ${need.permission} for ${need.feature}`,
        detail: 'not checked: no token for this API (see above)',
      });
      continue;
    }
    if (findPermission(granted, need.permission)) {
      checks.push({ status: 'ok', title: `Permission ${need.resource} ${need.permission} for ${need.feature} (${need.why})` });
      continue;
    }
    const broader = need.alsoAccepted.map((p) => findPermission(granted, p)).find((p) => p !== undefined);
    // The broader permission is one another enabled feature needs anyway (incident triage's
    // SecurityIncident.ReadWrite.All also reads incidents): nothing to narrow.
    if (broader && needed.some((n) => n.resource === need.resource && samePermission(n.permission, broader))) {
      checks.push({ status: 'ok', title: `Permission ${need.resource} ${need.permission} for ${need.feature} (${need.why}), through ${broader}` });
      continue;
    }
    if (broader) {
      reported.add(`${need.resource}|${broader.toLowerCase()}`);
      checks.push({
        status: 'warn',
        title: `Permission ${need.resource} ${need.permission} for ${need.feature}`,
        detail: `covered by the broader ${broader}; grant ${need.permission} instead (least privilege)`,
      });
    } else
      checks.push({
        status: 'fail',
        title: `Permission ${need.resource} ${need.permission} for ${need.feature} (${need.why}) is missing`,
        detail: grantHint(need),
      });
  }
  const extra: string[] = [];
  for (const [resource, granted] of roles) {
    for (const role of granted) {
      const key = `${resource}|${role.toLowerCase()}`;
      if (!isOverPrivileged(role) || needed.some((n) => n.resource === resource && samePermission(n.permission, role)) || reported.has(key)) continue;
      reported.add(key);
      extra.push(`${role} (${resource})`);
    }
  }
  if (extra.length)
    checks.push({
      status: 'warn',
      title: `More permission than the enabled features need: ${extra.join(', ')}`,
      detail: 'Remove them from the app registration unless another feature of yours uses them.',
    });
  return checks;
}

/**
 * A self-test of the connection: cloud and hosts, who may do what, a token per audience, every permission the enabled
 * features need, one live call per API. `config` is the effective one (demo mode: the demo roles and actions).
 */
export async function runDoctor(config: AppConfig, defender: Defender): Promise<Check[]> {
  const checks: Check[] = [];
  const e = defender.endpoints;
  checks.push({
    status: 'ok',
    title: `Configuration loaded${defender.demo ? ' (DEMO MODE: the embedded emulator stands in for Microsoft)' : ''}`,
    detail: `cloud ${e.cloud}; authority ${e.authorityHost}${e.microsoftAuthority ? '' : ' (instance discovery off)'}; graph ${e.graphUrl}; defender for endpoint ${e.apiUrl}; portal ${e.portalUrl}`,
  });

  const demoGroups = Object.fromEntries(Object.values(DEMO_GROUPS).map((g) => [g.id.toLowerCase(), `${g.displayName}, demo tenant`]));
  checks.push(...roleChecks(config, defender.demo, defender.demo ? demoGroups : {}));

  const tokens = await tokenChecks(defender);
  checks.push(...tokens.checks);
  checks.push(...permissionChecks(requiredPermissions(config), tokens.roles));
  checks.push(...(await probeChecks(defender)));
  return checks;
}

export type TokenApi = 'graph' | 'mde';

export interface TokenOutcome {
  checks: Check[];
  /** The roles of each token obtained; an API whose sign-in failed is absent. */
  roles: Map<PermissionNeed['resource'], string[]>;
  /** The mapped sign-in failure of each API whose token could not be had. */
  failures: Map<TokenApi, DefenderError>;
}

/** A token per audience (Graph, Defender for Endpoint), with the application roles each carries. */
export async function tokenChecks(defender: Defender): Promise<TokenOutcome> {
  const e = defender.endpoints;
  const audiences = [
    { name: 'Microsoft Graph', scope: e.graphScope, resource: 'Microsoft Graph' as const, api: 'graph' as const },
    { name: 'Defender for Endpoint', scope: e.apiScope, resource: 'WindowsDefenderATP' as const, api: 'mde' as const },
  ];
  const outcome: TokenOutcome = { checks: [], roles: new Map(), failures: new Map() };
  for (const audience of audiences) {
    try {
      const token = await defender.credential.getToken(audience.scope);
      if (!token) throw new Error('no token returned');
      const granted = defender.credential.rolesFor(audience.scope) ?? [];
      outcome.roles.set(audience.resource, granted);
      outcome.checks.push({
        status: 'ok',
        title: `Token for ${audience.name} (${audience.scope})`,
        detail: `application roles: ${granted.length ? granted.join(', ') : 'none'}`,
      });
    } catch (err) {
      const op = audience.api === 'mde' ? mdeOp('sign-in', 'token', []) : graphOp('sign-in', []);
      const mapped = errorFromFailure(op, err, e, e.authorityHost);
      outcome.failures.set(audience.api, mapped);
      outcome.checks.push({ status: 'fail', title: `Token for ${audience.name} (${audience.scope})`, detail: mapped.message });
    }
  }
  return outcome;
}

const PROBES: { title: string; api: TokenApi; run: (d: Defender) => Promise<unknown> }[] = [
  { title: 'Graph security incidents answer', api: 'graph', run: (d) => d.graph.listIncidents({ top: 1, maxPages: 1 }) },
  { title: 'Advanced hunting answers', api: 'graph', run: (d) => d.graph.runHuntingQuery('AlertInfo | take 1', 'P1D') },
  { title: 'Defender for Endpoint devices answer', api: 'mde', run: (d) => d.endpoint.listMachines(undefined, 1, 1) },
];

/**
 * One cheap call per API. `noToken`: APIs whose sign-in already failed, not called again (each call would only
 * repeat the sign-in failure).
 */
export async function probeChecks(defender: Defender, noToken: ReadonlySet<TokenApi> = new Set()): Promise<Check[]> {
  const checks: Check[] = [];
  for (const probe of PROBES) {
    if (noToken.has(probe.api)) {
      checks.push({ status: 'fail', title: probe.title, detail: 'not called: no token for this API (see above)' });
      continue;
    }
    try {
      await probe.run(defender);
      checks.push({ status: 'ok', title: probe.title });
    } catch (err) {
      // An empty tenant answers 404 for devices: reachable and allowed.
      if (err instanceof DefenderError && err.kind === 'notFound') checks.push({ status: 'ok', title: `${probe.title} (no devices yet)` });
      else checks.push({ status: 'fail', title: probe.title, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  return checks;
}
