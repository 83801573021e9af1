/**
 * Is this message for us? Recognises `/info …`, `!info …`, `@bot info …` and, in a DM, plain `info …`.
 * Pure: text in, command line out.
 */

/** How the message addressed the bot. */
export type TriggerForm = 'slash' | 'bang' | 'mention' | 'direct';

/**
 * A recognised command line, e.g. `info usage --json`, and how it was addressed. Every trigger was
 * clearly meant for the bot, so an unknown command in it deserves guidance rather than silence.
 */
export interface Trigger {
  line: string;
  form: TriggerForm;
}

/** What recognition needs to know about the message's setting. */
export interface TriggerSetting {
  /** First words of the registered commands, lower case (`info`). */
  roots: ReadonlySet<string>;
  botUsername: string;
  direct: boolean;
}

/** The most of a message any later step looks at as a command line. */
export const MAX_LINE_CHARS = 64 * 1024;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The command line in a message, or undefined when the message is not for the bot. */
export function recognise(text: string, setting: TriggerSetting): Trigger | undefined {
  // A command line is a few words; what lies past the first 64 KiB is never read (a license is a few kilobytes too).
  const trimmed = (text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text).trim();
  if (trimmed === '') return undefined;

  const mention = new RegExp(`^@${escapeRegExp(setting.botUsername)}(?![\\w.-])[:,]?\\s*`, 'i').exec(trimmed);
  if (mention) return { line: trimmed.slice(mention[0].length).trim(), form: 'mention' };

  const prefixed = /^([/!])(\S+)/.exec(trimmed);
  if (prefixed) {
    const form: TriggerForm = prefixed[1] === '/' ? 'slash' : 'bang';
    const root = (prefixed[2] ?? '').toLowerCase();
    // In a shared room another bot may own `/deploy` or `!weather`: stay silent unless it is ours.
    if (!setting.roots.has(root) && !setting.direct) return undefined;
    return { line: trimmed.slice(1).trim(), form };
  }

  if (setting.direct) return { line: trimmed, form: 'direct' };
  return undefined;
}
