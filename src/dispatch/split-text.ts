/**
 * A reply's text cut into pieces Rocket.Chat accepts one by one. Pure and linear in the text's length.
 *
 * Rocket.Chat counts `msg.length`, JavaScript's UTF-16 length (apps/meteor/app/lib/server/methods/sendMessage.ts,
 * executeSendMessage), so lengths here are string lengths too.
 */

/** Shown where a line longer than a whole message is cut; the line goes on in the next piece. */
export const CUT_MARK = '…';

/** The most pieces one text becomes: a reply never floods a room, whatever its length. */
export const MAX_PIECES = 20;

function cutLength(text: string, limit: number): number {
  // One place short of the limit leaves room for the mark; a surrogate pair is never split.
  const at = limit - CUT_MARK.length;
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff && at > 1 ? at - 1 : at;
}

/**
 * Pieces of at most `limit` characters, cut at line ends: joined with '\n' they give the text back. A single
 * line longer than `limit` is cut inside, the piece ending in CUT_MARK. After MAX_PIECES - 1 pieces the last
 * one says how much was left out (cut with the mark if it would not fit).
 */
export function splitText(text: string, limit: number): string[] {
  if (limit <= CUT_MARK.length) return [text.slice(0, Math.max(0, limit))];
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > limit) {
    if (pieces.length === MAX_PIECES - 1) {
      const rest = text.length - start;
      const note = `${CUT_MARK} (${rest} more characters left out)`;
      const head = limit - note.length;
      pieces.push(head > 0 ? `${text.slice(start, start + head)}${note}` : CUT_MARK);
      return pieces;
    }
    const newline = text.lastIndexOf('\n', start + limit);
    if (newline > start) {
      pieces.push(text.slice(start, newline));
      start = newline + 1;
    } else {
      const length = cutLength(text.slice(start, start + limit), limit);
      pieces.push(`${text.slice(start, start + length)}${CUT_MARK}`);
      start += length;
    }
  }
  if (start < text.length || pieces.length === 0) pieces.push(text.slice(start));
  return pieces;
}
