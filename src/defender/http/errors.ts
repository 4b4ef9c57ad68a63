import type { Api } from './operation';

export type DefenderErrorKind =
  'throttled' | 'forbidden' | 'unauthorized' | 'notFound' | 'timeout' | 'badRequest' | 'conflict' | 'upstream' | 'network' | 'credential';

export interface DefenderErrorDetails {
  kind: DefenderErrorKind;
  api: Api;
  operation: string;
  status?: number;
  /** Microsoft's error code (e.g. TooManyRequests, ActiveRequestAlreadyExists). */
  code?: string;
  /** Microsoft's own message, when it gave one. */
  upstreamMessage?: string;
  /** Microsoft's request id, to quote in a support case. */
  requestId?: string;
  /** When a throttled call may be tried again. */
  retryAt?: Date;
  /** Permissions of which one is missing (forbidden). */
  missingPermissions?: string[];
  /** What to do about it. */
  fix?: string;
}

const API_NAMES: Record<Api, string> = {
  graph: 'Microsoft Graph',
  hunting: 'advanced hunting',
  mde: 'Defender for Endpoint',
};

/** Every failure of a call to Microsoft ends as one of these: typed, explained, safe to show (no secrets). */
export class DefenderError extends Error {
  readonly kind: DefenderErrorKind;
  readonly details: DefenderErrorDetails;

  constructor(details: DefenderErrorDetails, options?: { cause?: unknown }) {
    super(describe(details), options);
    this.name = 'DefenderError';
    this.kind = details.kind;
    this.details = details;
  }

  get retryAt(): Date | undefined {
    return this.details.retryAt;
  }
}

function describe(d: DefenderErrorDetails): string {
  const where = `${API_NAMES[d.api]} (${d.operation})`;
  const upstream = d.upstreamMessage ? `: ${d.upstreamMessage}` : '';
  const req = d.requestId ? ` [request id ${d.requestId}]` : '';
  const fix = d.fix ? ` ${d.fix}` : '';
  switch (d.kind) {
    case 'throttled': {
      const when = d.retryAt
        ? `retry after ${d.retryAt.toISOString().slice(11, 19)} UTC (in ${Math.max(1, Math.ceil((d.retryAt.getTime() - Date.now()) / 1000))} s)`
        : 'retry in a minute';
      return `${where} is throttled by Microsoft: ${when}.${fix}`;
    }
    case 'forbidden': {
      const perms = d.missingPermissions?.length ? ` Missing permission: ${d.missingPermissions.join(' or ')}.` : '';
      return `${where} was refused (403)${upstream}.${perms}${fix}${req}`;
    }
    case 'unauthorized':
      return `${where} rejected the token (401)${upstream}.${fix}${req}`;
    case 'notFound':
      return `${where}: not found${upstream}.${fix}`;
    case 'timeout':
      return `${where} did not answer in time.${fix}`;
    case 'badRequest':
      return `${where} rejected the request (400)${upstream}.${fix}${req}`;
    case 'conflict':
      return `${where}: an action of this kind is already pending on this device${upstream}.${fix}`;
    case 'network':
      return `${where} cannot be reached${upstream}.${fix}`;
    case 'credential':
      return `Signing in for ${API_NAMES[d.api]} failed${upstream}.${fix}`;
    case 'upstream':
    default:
      return `${where} failed${d.status ? ` (${d.status})` : ''}${upstream}.${fix}${req}`;
  }
}

export function isDefenderError(err: unknown, kind?: DefenderErrorKind): err is DefenderError {
  return err instanceof DefenderError && (kind === undefined || err.kind === kind);
}
