import { MAX_BODY_BYTES } from '../bot/http/limits';

/** Standard input as the CLI reads it: process.stdin, or any stream of chunks in tests. */
export type InputStream = AsyncIterable<Buffer | string> & { isTTY?: boolean };

/** Refused input: the CLI prints the message and exits with 2. */
export class InputError extends Error {}

/** The most standard input the CLI reads: the largest request body the bot accepts, so both take the same text. */
export const MAX_INPUT_BYTES = MAX_BODY_BYTES;

/**
 * The text of a command: its arguments joined, or, when there are none, standard input (UTF-8; invalid bytes become
 * U+FFFD). A terminal is not read: a command waiting silently for typed text looks hung.
 */
export async function textOrStdin(command: string, words: string[], stdin: InputStream, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  if (words.length > 0) return words.join(' ');
  if (stdin.isTTY)
    throw new InputError(
      `${command}: no text given. Give it as arguments (quote it), or pipe it in: cat report.txt | defender-chatops ${command}. Text that begins with "-" goes after --: defender-chatops ${command} -- -1.2.3.4`,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    // Leaving the loop destroys the stream: the rest is never buffered.
    if (size > maxBytes)
      throw new InputError(`${command}: standard input is larger than ${formatBytes(maxBytes)}, the largest request the bot accepts: split the text.`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}
