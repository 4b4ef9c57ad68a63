import { recognize } from '../entities';

interface Io {
  out: (text: string) => void;
}

/** `extract`: the recognizer and its printout only (the CLI loads nothing else for it). */
export function extractCommand(text: string, json: boolean, io: Io, ignore?: string[]): number {
  // Offline, on the operator's own text: read all of it (chat turns read the first 64 KB).
  const found = recognize(text, { cap: Number.MAX_SAFE_INTEGER, maxChars: Number.POSITIVE_INFINITY, ignore });
  if (json) io.out(JSON.stringify(found.indicators.map((i) => ({ type: i.type, value: i.value }))));
  else if (found.indicators.length === 0) io.out('No indicators found.');
  else for (const i of found.indicators) io.out(`${i.type.padEnd(9)} ${i.value}${i.internal ? '  (internal)' : ''}`);
  return 0;
}
