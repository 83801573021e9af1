/**
 * Text a user typed or uploaded (a mistyped command, a flag value, a file name), made safe to repeat in the bot's voice:
 * it comes back as an inline code span that Rocket.Chat turns into nothing but literal text. Pure, linear.
 *
 * What Rocket.Chat would otherwise turn into markup, and how each is neutralised:
 * - Mentions. The server reads `@user`, `@all`, `@here` and `#channel` from the raw text, code spans included, wherever
 *   `@`/`#` follows the start, a space or `>` (apps/meteor/app/mentions/lib/MentionsParser.ts `userMentionRegex`,
 *   `channelMentionRegex`; the server's Mentions.ts notifies from them). So `@` and `#` become the full-width ＠ and ＃:
 *   they read the same and match neither rule nor the client parser's `UserMention`/`ChannelMention`
 *   (packages/message-parser/src/grammar.pegjs).
 * - Links. The client parser autolinks `scheme://…` and bare domains and renders `[title](url)` and `<url|title>`
 *   (grammar.pegjs `AutolinkedURL`, `References`), but not inside an inline code span (`InlineCode` = "`" [^`\n]+ "`",
 *   whose content stays plain). The server finds URLs for previews with `scheme://` (apps/meteor/lib/getMessageUrlRegex.ts),
 *   so `://` is broken with a division slash (∕) too.
 * - Code spans. A backtick would close the span and let the rest render as markdown: backticks become ˋ. Line breaks
 *   end an inline code span too: every run of whitespace becomes one space.
 * - Invisible and reordering characters (controls, zero-width, bidirectional overrides and isolates) are removed, so
 *   nothing can be hidden in, or visually reversed inside, what the bot repeats.
 */

/** C0/C1 controls, zero-width and format characters, bidirectional marks, overrides and isolates, line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this rule's job
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/** The longest piece of user text the bot repeats, in characters; longer text is cut with an ellipsis. */
export const DEFAULT_MAX_CHARS = 48;

/** Cuts at a code-point boundary, never inside a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The characters of `text` that can be shown literally: no markup-forming character left. */
export function neutralise(text: string, maxChars = DEFAULT_MAX_CHARS): string {
  // Only a bounded prefix is ever looked at: what is cut off costs nothing, however long the input.
  const head = text.length > maxChars * 4 ? text.slice(0, maxChars * 4) : text;
  const clean = head
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/`/g, 'ˋ')
    .replace(/@/g, '＠')
    .replace(/#/g, '＃')
    .replace(/:\/\//g, ':∕∕');
  return cut(clean, maxChars);
}

/** User text as an inline code span the bot may post: literal, one line, at most `maxChars` characters. */
export function quoteUntrusted(text: string, maxChars = DEFAULT_MAX_CHARS): string {
  const shown = neutralise(text, maxChars);
  return `\`${shown || ' '}\``;
}
