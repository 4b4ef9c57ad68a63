import { randomUUID } from 'node:crypto';

export interface EmulatorRequest {
  method: string;
  url: URL;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Path parameters matched by the route. */
  params: string[];
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw text instead of JSON (for malformed-JSON faults and form errors). */
  rawBody?: string;
}

export type Dialect = 'graph' | 'mde' | 'identity';

export function header(req: EmulatorRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Graph's error envelope (reference section 4.6 / 5). */
export function graphError(status: number, code: string, message: string, req?: EmulatorRequest, extraHeaders?: Record<string, string>): EmulatorResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, ...extraHeaders },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': (req && header(req, 'client-request-id')) ?? requestId,
        },
      },
    },
  };
}

/** Defender for Endpoint's error envelope: {error: {code, message, target}}. */
export function mdeError(status: number, code: string, message: string, extraHeaders?: Record<string, string>): EmulatorResponse {
  return { status, headers: { ...extraHeaders }, body: { error: { code, message, target: randomUUID() } } };
}

export function errorFor(
  dialect: Dialect,
  status: number,
  code: string,
  message: string,
  req?: EmulatorRequest,
  extraHeaders?: Record<string, string>,
): EmulatorResponse {
  return dialect === 'mde' ? mdeError(status, code, message, extraHeaders) : graphError(status, code, message, req, extraHeaders);
}

export function ok(body: unknown, status = 200): EmulatorResponse {
  return { status, body };
}
