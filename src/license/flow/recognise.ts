/**
 * What in a message is (or may be) a license: a `RCV3_` token, a block of base64 the size of an RSA block (v2), or an
 * attached `.txt` file. Pure: the same extraction runs when a license is checked and when it is read again to be
 * applied, so both see exactly the same text.
 */
import type { IncomingFile } from '../../chat/incoming.js';

/** A v3 license: `RCV3_` and a three-part JWT. */
const V3_TOKEN = /RCV3_[\w-]+\.[\w-]+\.[\w-]+/;
/** Runs of base64 characters and line breaks, long enough to be a v2 license (344 characters for a 2048-bit key). */
const BASE64_RUN = /[A-Za-z0-9+/=][A-Za-z0-9+/=\s]{299,}/g;
/** Encrypted block sizes of 2048-, 3072- and 4096-bit keys: a v2 license is exactly one block. */
const RSA_BLOCK_BYTES = new Set([256, 384, 512]);
/** Wrapped base64 has long lines; prose made of letters only has short words, and must not count as a license. */
const MIN_LINE = 60;

/** An optional `@bot`, an optional `/` or `!`, and the command word `license`, before the license itself. */
const LEAD = /^\s*(?:@[\w.-]+[:,]?\s+)?(?:[/!]?license(?=\s|$))?/i;

function stripFences(text: string): string {
  return text
    .replace(/^```[\w-]*\s*/, '')
    .replace(/\s*```$/, '')
    .replace(/^`+|`+$/g, '')
    .trim();
}

function isRsaBlock(base64: string): boolean {
  const compact = base64.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && RSA_BLOCK_BYTES.has(Buffer.from(compact, 'base64').length);
}

/** A v2 block inside a run of base64-looking words: it starts at a long line, and may be followed by other words. */
function v2Block(text: string): string | undefined {
  for (const match of text.matchAll(BASE64_RUN)) {
    const words = [...match[0].matchAll(/\S+/g)];
    const first = words.findIndex((w) => w[0].length >= MIN_LINE);
    if (first < 0) continue;
    for (let last = words.length - 1; last >= first; last--) {
      const start = words[first]?.index ?? 0;
      const end = (words[last]?.index ?? 0) + (words[last]?.[0].length ?? 0);
      const block = match[0].slice(start, end);
      if (isRsaBlock(block)) return block;
    }
  }
  return undefined;
}

/**
 * The license text a message carries: the `RCV3_` token or v2 block inside it when there is one, otherwise the whole
 * text after the optional `license` command word (so that garbage is judged, and refused, as garbage).
 */
export function licenseTextOf(messageText: string): string {
  const rest = stripFences(messageText.replace(LEAD, ''));
  return V3_TOKEN.exec(rest)?.[0] ?? v2Block(rest) ?? rest;
}

/** True when the text contains something shaped like a license, anywhere in it. */
export function looksLikeLicense(text: string): boolean {
  return V3_TOKEN.test(text) || v2Block(text) !== undefined;
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
