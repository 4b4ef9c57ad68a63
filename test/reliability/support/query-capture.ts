import { DefenderHttp } from '../../../src/defender/http/defender-http';
import type { Operation } from '../../../src/defender/http/operation';
import { parse as parseKql } from '../../../emulator/kql/parser';
import { tokenize as kqlTokens } from '../../../emulator/kql/lexer';
import { tokenize as odataTokens } from '../../../emulator/odata/lexer';

/** One request the bot sent toward Defender, as DefenderHttp.send got it. */
export interface Sent {
  op: Operation;
  method: string;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** Records every request of every DefenderHttp in this process (a spy that still sends). */
export function captureRequests(): { sent: Sent[]; restore(): void } {
  const sent: Sent[] = [];
  const original = DefenderHttp.prototype.send;
  const spy = jest.spyOn(DefenderHttp.prototype, 'send').mockImplementation(function (this: DefenderHttp, ...args: Parameters<DefenderHttp['send']>) {
    const [op, method, path, options] = args;
    sent.push({ op, method, path, query: options?.query as Record<string, unknown> | undefined, body: options?.body });
    return original.apply(this, args) as never;
  });
  return { sent, restore: () => spy.mockRestore() };
}

export interface QueryText {
  language: 'kql' | 'odata' | 'path';
  text: string;
  operation: string;
}

/** Every query text in the requests: hunting KQL, $filter (direct or inside a $batch part), and the URL path. */
export function queryTexts(sent: Sent[]): QueryText[] {
  const out: QueryText[] = [];
  for (const s of sent) {
    const [path, search] = s.path.split('?');
    out.push({ language: 'path', text: path ?? '', operation: s.op.name });
    if (search) {
      const f = new URLSearchParams(search).get('$filter');
      if (f) out.push({ language: 'odata', text: f, operation: s.op.name });
    }
    const filter = s.query?.$filter;
    if (typeof filter === 'string') out.push({ language: 'odata', text: filter, operation: s.op.name });
    const body = s.body as { Query?: unknown; requests?: { url?: string }[] } | undefined;
    if (s.op.api === 'hunting' && typeof body?.Query === 'string') out.push({ language: 'kql', text: body.Query, operation: s.op.name });
    for (const part of body?.requests ?? []) {
      const [partPath, partSearch] = String(part.url ?? '').split('?');
      out.push({ language: 'path', text: partPath ?? '', operation: `${s.op.name} (part)` });
      const f = partSearch ? new URLSearchParams(partSearch).get('$filter') : null;
      if (f) out.push({ language: 'odata', text: f, operation: `${s.op.name} (part)` });
    }
  }
  return out;
}

export interface Escape {
  query: QueryText;
  why: string;
}

/**
 * Where the marker stands outside a literal, read with the emulator's own lexers (and the KQL parser, which must
 * accept every query the bot builds). Returns the escapes found and how many literals carry the marker inside.
 */
export function findEscapes(queries: QueryText[], marker: string): { escapes: Escape[]; literalsWithMarker: number } {
  const escapes: Escape[] = [];
  let literalsWithMarker = 0;
  const m = marker.toLowerCase();
  for (const q of queries) {
    if (!q.text.toLowerCase().includes(m) && q.language !== 'kql') continue;
    if (q.language === 'kql') {
      try {
        parseKql(q.text);
      } catch (err) {
        escapes.push({ query: q, why: `the emulator's KQL parser refused it: ${(err as Error).message}` });
      }
      for (const t of kqlTokens(q.text)) {
        if (t.kind === 'string' && t.text.toLowerCase().includes(m)) literalsWithMarker++;
        else if (t.text.toLowerCase().includes(m)) escapes.push({ query: q, why: `${t.kind} token "${t.text}" at ${t.start}` });
      }
    } else if (q.language === 'odata') {
      let tokens;
      try {
        tokens = odataTokens(q.text);
      } catch {
        escapes.push({ query: q, why: "the emulator's OData lexer refused it" });
        continue;
      }
      for (const t of tokens) {
        if (t.kind === 'string' && t.value.toLowerCase().includes(m)) literalsWithMarker++;
        else if (t.text.toLowerCase().includes(m)) escapes.push({ query: q, why: `${t.kind} token "${t.text}" at ${t.pos}` });
      }
    } else {
      for (const segment of q.text.split('/')) {
        if (!segment.toLowerCase().includes(m)) continue;
        let decoded: string;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          escapes.push({ query: q, why: `segment "${segment}" is not valid percent-encoding` });
          continue;
        }
        // One value, one segment: encoding it again gives the same text, and it cannot climb the path.
        if (encodeURIComponent(decoded) !== segment) escapes.push({ query: q, why: `segment "${segment}" is not one encoded value` });
        else literalsWithMarker++;
      }
    }
  }
  return { escapes, literalsWithMarker };
}
