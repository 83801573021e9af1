/**
 * A comparison as text, for chat and the terminal. Values come from Rocket.Chat's database (some typed by admins, like
 * the wizard's organisation name), so strings are shown as neutralised code spans, never as markup.
 */
import { formatDateTime } from '../cards/format.js';
import { quoteUntrusted } from '../chat/untrusted-text.js';
import type { Comparison, Difference } from './compare.js';

const VALUE_CHARS = 40;

function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return quoteUntrusted(typeof value === 'string' ? value : JSON.stringify(value), VALUE_CHARS);
}

function differenceLine(d: Difference): string {
  return `• ${d.path}: bot ${shown(d.ours)} · Rocket.Chat ${shown(d.theirs)} — ${d.cause.text}`;
}

/** The comparison's lines; `maxChars` bounds the text (chat messages have a size limit), the rest is counted. */
export function renderComparison(c: Comparison, options: { timeZone: string; maxChars?: number }): string {
  const taken = c.snapshot.refreshed ? 'saved just now at your request' : 'Rocket.Chat’s last stored snapshot';
  const version = c.snapshot.version ? `, written by Rocket.Chat ${c.snapshot.version}` : '';
  const head = [
    `Bot’s numbers (computed now, as Rocket.Chat ${c.ourVersion}) beside ${taken}: ${formatDateTime(c.snapshot.createdAt, options.timeZone)}${version}.`,
    `${c.compared} values compared: ${c.equal} equal, ${c.differences.length} differ.`,
  ];
  if (c.fromSnapshot.length) head.push(`Taken by the bot from this snapshot (equal by construction): ${c.fromSnapshot.join(', ')}.`);
  if (c.unknownToBot.length) head.push(`The bot cannot know (server-process facts, null in its statistics.json); Rocket.Chat has them: ${c.unknownToBot.join(', ')}.`);
  if (c.onlyTheirs.length) head.push(`Only in Rocket.Chat’s snapshot (not written for ${c.ourVersion} by the bot): ${c.onlyTheirs.join(', ')}.`);
  if (c.onlyOurs.length) head.push(`Only in the bot’s statistics.json (absent from the snapshot): ${c.onlyOurs.join(', ')}.`);
  const lines = c.differences.map(differenceLine);
  if (!lines.length) return [...head, 'No live value differs from the snapshot.'].join('\n');
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  const out = [...head, 'Differences, with the likely cause:'];
  let size = out.join('\n').length;
  let listed = 0;
  for (const line of lines) {
    if (size + line.length + 1 > max - 80) break;
    out.push(line);
    size += line.length + 1;
    listed++;
  }
  if (listed < lines.length) out.push(`… and ${lines.length - listed} more: \`infobot stats --compare\` lists every one.`);
  return out.join('\n');
}
