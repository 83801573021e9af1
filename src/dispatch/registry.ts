/**
 * The registry: the command declarations checked once at start and indexed by name and alias,
 * matched longest first so `info usage` wins over `info`.
 */
import type { Command } from './command.js';

/** Thrown at start when the declarations contradict each other; names the command and the fix. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** The indexed commands. */
export interface Registry<S = unknown> {
  readonly commands: readonly Command<S>[];
  /**
   * First words of the names (not aliases), lower case: what a `/word` or `!word` trigger in a shared
   * room must start with. Aliases work after a trigger, in a mention or a DM, so `!help` stays free for
   * other bots.
   */
  readonly roots: ReadonlySet<string>;
  /** Every name and alias with its command, for suggestions. */
  readonly keys: ReadonlyMap<string, Command<S>>;
  /** The longest name or alias the words start with, and how many words it took. */
  match(words: readonly string[]): { command: Command<S>; length: number } | undefined;
}

const NAME = /^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*$/;

function check<S>(command: Command<S>): void {
  const label = `command "${command.name}"`;
  if (!NAME.test(command.name)) {
    throw new RegistryError(`${label}: a name is lower-case words separated by single spaces, e.g. "info usage".`);
  }
  for (const alias of command.aliases ?? []) {
    if (!NAME.test(alias)) throw new RegistryError(`${label}: alias "${alias}" must be lower-case words like a name.`);
  }
  if (!command.summary.trim() || command.summary.trim().endsWith('.')) {
    throw new RegistryError(`${label}: give it a one-line summary without a trailing period.`);
  }
  if (!command.usage.startsWith(command.name)) {
    throw new RegistryError(`${label}: its usage must start with its name, e.g. "${command.name} [--flag]".`);
  }
  if (command.acceptsUntriggered && command.where !== 'dm') {
    throw new RegistryError(`${label}: only where: 'dm' commands may accept messages without a trigger word.`);
  }
}

/** Checks the declarations and indexes them; throws RegistryError on duplicates or incomplete ones. */
export function buildRegistry<S>(commands: readonly Command<S>[]): Registry<S> {
  const keys = new Map<string, Command<S>>();
  for (const command of commands) {
    check(command);
    for (const key of [command.name, ...(command.aliases ?? [])]) {
      const taken = keys.get(key);
      if (taken) {
        throw new RegistryError(`"${key}" is declared by both "${taken.name}" and "${command.name}": rename one of them.`);
      }
      keys.set(key, command);
    }
  }
  const longest = Math.max(1, ...[...keys.keys()].map((k) => k.split(' ').length));
  return {
    commands,
    keys,
    roots: new Set(commands.map((c) => c.name.split(' ')[0] as string)),
    match(words) {
      for (let n = Math.min(longest, words.length); n >= 1; n--) {
        const command = keys.get(words.slice(0, n).join(' ').toLowerCase());
        if (command) return { command, length: n };
      }
      return undefined;
    },
  };
}
