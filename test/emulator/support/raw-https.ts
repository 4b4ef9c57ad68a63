import { request } from 'node:https';
import type { DefenderEmulator } from '../../../emulator/server';

export interface RawResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

/**
 * One HTTPS request to the emulator as any client would send it (Graph's exact answer, status and body, is what the
 * test looks at). The token comes from the real credential; the body is sent as JSON unless it is already text.
 */
export function raw(emulator: DefenderEmulator, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<RawResponse> {
  const text = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      {
        method,
        ca: emulator.caPem,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
          'client-request-id': 'test-client-request',
        },
      },
      (res) => {
        let received = '';
        res.on('data', (c: Buffer) => (received += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: received ? (JSON.parse(received) as Record<string, unknown>) : {}, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}
