/**
 * What Rocket.Chat turns into a mention or a link in a message text, written from Rocket.Chat's source (test-side
 * reference, never from src/):
 * - apps/meteor/app/mentions/lib/MentionsParser.ts: `userMentionRegex` = `(^|\s|>)@(<pattern>(@(<pattern>))?(:([0-9a-zA-Z-_.]+))?)`
 *   and `channelMentionRegex` = `(^|\s|>)#(<pattern>(@(<pattern>))?)`, flags `gm`, run on the raw text (code included);
 *   `<pattern>` is the setting UTF8_User_Names_Validation / UTF8_Channel_Names_Validation, default `[0-9a-zA-Z-_.]+`
 *   (apps/meteor/server/settings/general.ts).
 * - apps/meteor/lib/getMessageUrlRegex.ts: the URLs the server previews.
 * - packages/message-parser/src/grammar.pegjs: `InlineCode` = "`" [^`\n]+ "`" keeps its content plain; outside it,
 *   `References` ([title](url), <url|title>) and `AutolinkedURL` make links.
 */
const NAME = '[0-9a-zA-Z-_.]+';

/** Usernames (and all/here) the server would read as mentions. */
export function userMentions(text: string): string[] {
  const re = new RegExp(`(^|\\s|>)@(${NAME}(@(${NAME}))?(:([0-9a-zA-Z-_.]+))?)`, 'gm');
  return [...text.matchAll(re)].map((m) => m[2] ?? '');
}

/** Channel names the server would read as mentions. */
export function channelMentions(text: string): string[] {
  const re = new RegExp(`(^|\\s|>)#(${NAME}(@(${NAME}))?)`, 'gm');
  return [...text.matchAll(re)].map((m) => m[2] ?? '');
}

/** URLs the server would find for previews. */
export function serverUrls(text: string): string[] {
  const re =
    /([A-Za-z]{3,9}):\/\/([-;:&=+$,\w]+@{1})?([-A-Za-z0-9.]+)+:?(\d+)?((\/[-+=!:~%/.@,\w]*)?\??([-+=&!:;%@/.,\w]+)?(?:#([^\s)]+))?)?/g;
  return text.match(re) ?? [];
}

/** The text outside inline code spans (what the client parser renders as markdown). */
export function outsideCodeSpans(text: string): string {
  return text.replace(/`[^`\n]+`/g, '');
}

/** Markdown and angle-bracket links the client parser would render outside code spans. */
export function clientLinks(text: string): string[] {
  const outside = outsideCodeSpans(text);
  return [...outside.matchAll(/\[[^\]\n]*\]\([^)\s]+\)|<[^|>\s]+\|[^>]*>/g)].map((m) => m[0]);
}
