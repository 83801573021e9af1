/**
 * What in a message is a license: an `RCV3_` token whose JWT header says RS256 (v3), or base64 that is exactly one RSA
 * block of the key's size (v2), or an attached `.txt` file. Pure, and linear in the length of the text: every character
 * is looked at a bounded number of times, whatever the text is (this runs on every message in every room the bot is in).
 * The same extraction runs when a license is checked and when it is read again to be applied, so both see the same text.
 *
 * How Rocket.Chat reads a license (ee/packages/license/src/license.ts `setLicense` → `decrypt` in token.ts and
 * `validateFormat`): `RCV3_` + a JWT verified as RS256 with the license key (v3), otherwise the base64 of one block
 * encrypted with the key's private half and read by public decryption (v2).
 */
import type { IncomingFile } from '../../chat/incoming.js';

/** Encrypted block sizes of 2048-, 3072- and 4096-bit keys, when the key itself is not known. */
const ANY_RSA_BLOCK_BYTES: readonly number[] = [256, 384, 512];
/** Wrapped base64 has long lines; words of prose are short, and never count as a license. */
const MIN_LINE = 60;
/** A JWT header is a few dozen characters; one longer than this is not decoded at all. */
const MAX_JWT_HEADER = 1024;
/**
 * How much of a text is looked at: a license is at most a few kilobytes (a v2 block is 684 base64 characters at most, a
 * v3 JWT a few thousand), and a person who pastes one by mistake does not pad it with 16 KiB of other text first. The
 * bound keeps every message, however large, a few milliseconds of work: 64 KiB of short base64 words cost 15-40 ms on
 * a loaded machine (npm run bench:hostile), and the scan runs twice on a DM (leak guard, then the license command).
 */
export const MAX_SCANNED_CHARS = 16 * 1024;

/** Zero-width, soft-hyphen and direction marks: invisible in a paste, and never part of a license. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const BASE64_WORD = /[A-Za-z0-9+/=]+/g;
const JWT_SEGMENT = /[A-Za-z0-9_-]+/y;

/** An optional `@bot`, an optional `/` or `!`, and the command word `license`, before the license itself. */
const LEAD = /^\s*(?:@[\w.-]+[:,]?\s+)?(?:[/!]?license(?=\s|$))?/i;

/** The text with invisible characters removed: `RCV3_` + a zero-width space + the rest is still the license. */
function visibleText(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Code fences or backticks around the whole text, without regular expressions that backtrack over long runs. */
function stripFences(text: string): string {
  let rest = text.trim();
  if (rest.startsWith('```')) {
    let i = 3;
    while (i < rest.length && /[\w-]/.test(rest[i] as string)) i++;
    rest = rest.slice(i).trim();
  }
  if (rest.endsWith('```')) rest = rest.slice(0, -3).trim();
  let start = 0;
  let end = rest.length;
  while (start < end && rest[start] === '`') start++;
  while (end > start && rest[end - 1] === '`') end--;
  return rest.slice(start, end).trim();
}

/** Base64 length of a block of `bytes` bytes, and its padding. */
function base64Shape(bytes: number): { length: number; padding: number } {
  return { length: Math.ceil(bytes / 3) * 4, padding: (3 - (bytes % 3)) % 3 };
}

/** True when `compact` (no whitespace) is canonical base64 of exactly one of the block sizes. */
function isWholeBlock(compact: string, blockBytes: readonly number[]): boolean {
  const shape = blockBytes.map(base64Shape).find((s) => s.length === compact.length);
  if (!shape) return false;
  const body = compact.length - shape.padding;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i] as string;
    if (i < body ? c === '=' : c !== '=') return false;
  }
  return true;
}

/**
 * A v2 license: consecutive base64 lines of at least MIN_LINE characters (a wrapped block, or one long line), with or
 * without the shorter line that ends them, that together are exactly one RSA block. Lines may be separated by line
 * breaks and quote marks (`>`), nothing else. Each line belongs to one run and each run is joined at most twice.
 */
function v2Block(text: string, blockBytes: readonly number[]): string | undefined {
  const allowed = new Set(blockBytes.map((b) => base64Shape(b).length));
  let run: { start: number; end: number; compact: number } | undefined;
  let lastEnd = 0;
  const candidate = (start: number, end: number, compact: number): string | undefined => {
    if (!allowed.has(compact)) return undefined;
    const block = text.slice(start, end);
    return isWholeBlock(block.replace(/[\s>]+/g, ''), blockBytes) ? block : undefined;
  };
  for (const word of text.matchAll(BASE64_WORD)) {
    const start = word.index;
    const end = start + word[0].length;
    let joined = true;
    for (let i = lastEnd; i < start; i++) {
      const c = text[i] as string;
      if (c !== '>' && c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
        joined = false;
        break;
      }
    }
    lastEnd = end;
    if (run && joined && word[0].length >= MIN_LINE) {
      run = { start: run.start, end, compact: run.compact + word[0].length };
      continue;
    }
    if (run) {
      const found = candidate(run.start, run.end, run.compact) ?? (joined ? candidate(run.start, end, run.compact + word[0].length) : undefined);
      if (found) return found;
      run = undefined;
    }
    if (word[0].length >= MIN_LINE) run = { start, end, compact: word[0].length };
  }
  return run ? candidate(run.start, run.end, run.compact) : undefined;
}

/** A JWT header that names RS256, as decoded text: a JSON object with `"alg":"RS256"` (no exception thrown on junk). */
const RS256_HEADER = /^\s*\{[^{}]*"alg"\s*:\s*"RS256"[^{}]*\}\s*$/;

/** True when a JWT header segment (base64url) decodes to a JSON object whose `alg` is RS256. */
function isRs256Header(segment: string): boolean {
  // `eyJ` is `{"` in base64: anything else is not a JSON object header, and is not decoded at all.
  if (segment.length > MAX_JWT_HEADER || !segment.startsWith('eyJ')) return false;
  return RS256_HEADER.test(Buffer.from(segment, 'base64url').toString('utf8'));
}

/** Skips spaces and line breaks, then one dot and spaces again; the index after them, or -1 when there is no dot. */
function afterDot(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] !== '.') return -1;
  i++;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function segmentAt(text: string, at: number): string | undefined {
  JWT_SEGMENT.lastIndex = at;
  return JWT_SEGMENT.exec(text)?.[0];
}

/**
 * A v3 license: `RCV3_` (any case) and a three-part JWT whose header decodes to RS256, spaces around the dots tolerated.
 * Only the last `RCV3_` inside a word can start a header, so each word is looked at once.
 */
function v3Token(text: string): string | undefined {
  for (const word of text.matchAll(/[A-Za-z0-9_-]+/g)) {
    const at = word[0].toUpperCase().lastIndexOf('RCV3_');
    if (at < 0) continue;
    const header = word[0].slice(at + 5);
    if (!isRs256Header(header)) continue;
    const end = word.index + word[0].length;
    const payloadAt = afterDot(text, end);
    const payload = payloadAt < 0 ? undefined : segmentAt(text, payloadAt);
    if (!payload) continue;
    const signatureAt = afterDot(text, payloadAt + payload.length);
    const signature = signatureAt < 0 ? undefined : segmentAt(text, signatureAt);
    if (!signature) continue;
    // The prefix as typed: Rocket.Chat reads only `RCV3_`, so a lowercase one is judged (and refused) as it would be there.
    return `${word[0].slice(at, at + 5)}${header}.${payload}.${signature}`;
  }
  return undefined;
}

/** The license a text carries, if any: a v3 token or a v2 block of one of the block sizes. */
function findLicense(text: string, blockBytes: readonly number[]): string | undefined {
  const visible = visibleText(text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text);
  return v3Token(visible) ?? v2Block(visible, blockBytes);
}

/**
 * The license text a message carries: the `RCV3_` token or v2 block inside it when there is one, otherwise the whole
 * text after the optional `license` command word (so that garbage is judged, and refused, as garbage). Looks at the first
 * MAX_SCANNED_CHARS characters only.
 */
export function licenseTextOf(messageText: string, blockBytes: readonly number[] = ANY_RSA_BLOCK_BYTES): string {
  // Only the scanned head: a longer text is not a license either, and what is judged (and later re-read to be applied)
  // must stay small whatever was posted.
  const head = messageText.length > MAX_SCANNED_CHARS ? messageText.slice(0, MAX_SCANNED_CHARS) : messageText;
  const rest = stripFences(head.replace(LEAD, ''));
  return findLicense(rest, blockBytes) ?? rest;
}

/**
 * True when the text contains a license anywhere in it. `blockBytes`: the RSA block size of the license key (its modulus
 * in bytes), so that only a block of exactly that size counts; by default any of 2048, 3072 and 4096 bits.
 */
export function looksLikeLicense(text: string, blockBytes: readonly number[] = ANY_RSA_BLOCK_BYTES): boolean {
  return findLicense(text, blockBytes) !== undefined;
}

/** The first attached file that can hold a license as text (a `.txt` file or text/plain). */
export function licenseFileOf(files: readonly IncomingFile[]): IncomingFile | undefined {
  return files.find((f) => /\.txt$/i.test(f.name) || f.type === 'text/plain');
}

/**
 * Text fit for a message, a log line or an error, given a secret that must not appear in it: anything that contains a
 * 24-character piece of the secret is replaced as a whole. Used on texts that come back from Rocket.Chat.
 */
export function withoutSecret(text: string, secret: string, replacement = '(details withheld: they quoted the license)'): string {
  const compact = secret.trim();
  const piece = 24;
  if (compact.length < piece) return compact && text.includes(compact) ? replacement : text;
  for (let i = 0; i + piece <= compact.length; i += piece / 2) {
    if (text.includes(compact.slice(i, i + piece))) return replacement;
  }
  return text;
}
