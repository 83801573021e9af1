/**
 * From a command line (`info usage --json`) to a command and its arguments: longest registered name
 * first, flags by yargs-parser, anything undeclared refused with guidance. Pure.
 */
import yargsParser from 'yargs-parser';
import type { Args, Command } from './command.js';
import { UserError } from './errors.js';
import type { Registry } from './registry.js';
import { closest } from './suggest.js';

/** A resolved command with its arguments; `rawArgs` is the text after the name, exactly as typed. */
export interface Parsed<S> {
  command: Command<S>;
  args: Args;
  rawArgs: string;
}

/** What an empty command line (a bare mention) means. */
const EMPTY_LINE = 'help';

/** The text after the first `count` words, whitespace and line breaks kept. */
function afterWords(line: string, count: number): string {
  const consumed = new RegExp(`^\\s*(?:\\S+\\s*){${count}}`).exec(line)?.[0] ?? line;
  return line.slice(consumed.length);
}

/**
 * The typed words, echoed back only when they look like a command: a DM may carry a pasted secret
 * (a license), which must never be repeated.
 */
function echo(words: string[]): string | undefined {
  const shown = words.slice(0, 4).join(' ');
  return words.every((w) => w.length <= 24) && shown.length <= 48 ? shown : undefined;
}

function unknownCommand<S>(words: string[], registry: Registry<S>): UserError {
  const suggestion = closest(words, registry.keys.keys());
  const shown = echo(words);
  return new UserError('unknown-command', {
    input: shown ? ` "${shown}"` : '',
    suggestion: suggestion ? ` Did you mean \`/${suggestion}\`?` : '',
  });
}

function parseFlags<S>(command: Command<S>, rawArgs: string): Args {
  const declared = [...(command.flags?.boolean ?? []), ...(command.flags?.string ?? [])];
  const parsed = yargsParser(rawArgs, {
    boolean: command.flags?.boolean ?? [],
    string: command.flags?.string ?? [],
    default: Object.fromEntries((command.flags?.boolean ?? []).map((flag) => [flag, false])),
    configuration: {
      'camel-case-expansion': false,
      'dot-notation': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
    },
  });
  const unknown = Object.keys(parsed).filter((k) => k !== '_' && k !== '--' && !declared.includes(k));
  if (unknown.length > 0) {
    throw new UserError('bad-flags', {
      flags: unknown.map((f) => `\`--${f}\``).join(', '),
      usage: command.usage,
      accepted: declared.length > 0 ? declared.map((f) => `\`--${f}\``).join(', ') : 'no flags',
    });
  }
  return { ...parsed, _: parsed._.map(String) };
}

/** Resolves a command line; throws UserError (unknown command, bad flags) with the fix in its message. */
export function parseCommandLine<S>(line: string, registry: Registry<S>): Parsed<S> {
  const text = line.trim() || EMPTY_LINE;
  const words = text.split(/\s+/);
  const match = registry.match(words);
  if (!match) throw unknownCommand(words, registry);

  const { command, length } = match;
  const rawArgs = afterWords(text, length).trim();
  if (command.takesText) {
    return { command, args: command.flags ? parseFlags(command, rawArgs) : { _: rawArgs ? rawArgs.split(/\s+/) : [] }, rawArgs };
  }
  const args = parseFlags(command, rawArgs);
  if (args._.length > 0) throw unknownCommand([...words.slice(0, length), ...args._], registry);
  return { command, args, rawArgs };
}
