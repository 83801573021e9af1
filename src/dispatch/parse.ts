/**
 * From a command line (`info usage --json`) to a command and its arguments: longest registered name
 * first, flags by yargs-parser, anything undeclared refused with guidance. Pure.
 */
import yargsParser from 'yargs-parser';
import { quoteUntrusted } from '../chat/untrusted-text.js';
import type { Args, Command } from './command.js';
import { UserError } from './errors.js';
import type { Registry } from './registry.js';
import { closest } from './suggest.js';
import { MAX_LINE_CHARS } from './trigger.js';

/** A resolved command with its arguments; `rawArgs` is the text after the name, exactly as typed. */
export interface Parsed<S> {
  command: Command<S>;
  args: Args;
  rawArgs: string;
}

/** Words looked at to find the command (the longest name has fewer) and to echo an unknown one. */
const MAX_WORDS = 8;
/** Characters of a word looked at: no name is this long, so a longer word is unknown whatever follows. */
const MAX_WORD_CHARS = 64;
/** Flags and arguments are a few words; text longer than this is refused before yargs-parser ever sees it. */
const MAX_FLAG_TEXT = 1_000;

/** Unknown flags named in a refusal; the rest are counted. */
const MAX_SHOWN_FLAGS = 5;

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

/** The first `max` whitespace-separated words, each cut at MAX_WORD_CHARS: linear in what it reads, not in the line. */
function firstWords(text: string, max: number): string[] {
  const words: string[] = [];
  if (max <= 0) return words;
  // matchAll is lazy: the words after the last one needed are never looked at.
  for (const m of text.matchAll(/\S+/g)) {
    words.push(m[0].slice(0, MAX_WORD_CHARS));
    if (words.length >= max) break;
  }
  return words;
}

function unknownCommand<S>(words: string[], registry: Registry<S>): UserError {
  const suggestion = closest(words, registry.keys.keys());
  const shown = echo(words);
  return new UserError('unknown-command', {
    // Repeated as literal text only: a typed @all, link or backtick must not become markup in the bot's voice.
    input: shown ? ` ${quoteUntrusted(shown)}` : '',
    suggestion: suggestion ? ` Did you mean \`/${suggestion}\`?` : '',
  });
}

function parseFlags<S>(command: Command<S>, rawArgs: string): Args {
  if (rawArgs.length > MAX_FLAG_TEXT) {
    throw new UserError('too-long', { usage: command.usage, length: String(rawArgs.length), max: String(MAX_FLAG_TEXT) });
  }
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
      flags: unknown
        .slice(0, MAX_SHOWN_FLAGS)
        .map((f) => quoteUntrusted(`--${f}`, 32))
        .join(', ')
        .concat(unknown.length > MAX_SHOWN_FLAGS ? ` and ${unknown.length - MAX_SHOWN_FLAGS} more` : ''),
      usage: command.usage,
      accepted: declared.length > 0 ? declared.map((f) => `\`--${f}\``).join(', ') : 'no flags',
    });
  }
  return { ...parsed, _: parsed._.map(String) };
}

/** Resolves a command line; throws UserError (unknown command, bad flags) with the fix in its message. */
export function parseCommandLine<S>(line: string, registry: Registry<S>): Parsed<S> {
  // The trigger passes at most MAX_LINE_CHARS; the same bound here keeps any other caller's line bounded too.
  const text = (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line).trim() || EMPTY_LINE;
  const words = firstWords(text, MAX_WORDS);
  const match = registry.match(words);
  if (!match) throw unknownCommand(words, registry);

  const { command, length } = match;
  const rawArgs = afterWords(text, length).trim();
  if (command.takesText) {
    return { command, args: command.flags ? parseFlags(command, rawArgs) : { _: firstWords(rawArgs, MAX_WORDS) }, rawArgs };
  }
  const args = parseFlags(command, rawArgs);
  if (args._.length > 0) throw unknownCommand([...words.slice(0, length), ...args._], registry);
  return { command, args, rawArgs };
}
