/** What a sub-command talks to: its streams and environment, passed in so the dispatcher owns the process. */
import type { Readable, Writable } from 'node:stream';

/** The process's streams and environment. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** A wrong invocation; the dispatcher prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

/** Writes one line to stderr prefixed with `infobot:`. */
export function complain(io: CliIo, message: string): void {
  io.stderr.write(`infobot: ${message.split('\n')[0]}\n`);
}

/** Rejects flags the command does not declare (yargs-parser accepts anything). */
export function rejectUnknownFlags(parsed: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(parsed).filter((key) => key !== '_' && key !== '--' && !known.includes(key));
  if (unknown.length) throw new UsageError(`unknown option ${unknown.map((k) => `--${k}`).join(', ')}`);
}
