/**
 * `/info history [--days N]`: the daily snapshots of the last days as a compact table, newest first: the bot's
 * own, and before it ran, Rocket.Chat's own stored statistics (marked RC). Where a number's meaning changed with
 * Rocket.Chat's version, a line says from which day.
 */
import { formatMemorySize } from '../src/cards/format.js';
import { quoteUntrusted } from '../src/chat/untrusted-text.js';
import { defineCommand, type Reply } from '../src/dispatch/command.js';
import { UserError } from '../src/dispatch/errors.js';
import { text } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';
import { breaksOf } from '../src/history/meaning.js';
import type { DailySnapshot } from '../src/history/numbers.js';
import { dayOf } from '../src/schedule/zoned-time.js';

const USAGE = 'info history [--days N]';
const DEFAULT_DAYS = 7;
const MAX_DAYS = 90;
/** Rows per message, so every message stays well under Rocket.Chat's size limit. */
const ROWS_PER_MESSAGE = 40;

const COLUMNS: [title: string, cell: (s: DailySnapshot) => string][] = [
  ['Day', (s) => s.day],
  ['Users', (s) => count(s.numbers.totalUsers)],
  ['Active', (s) => count(s.numbers.activeUsers)],
  ['Online', (s) => count(s.numbers.onlineUsers)],
  ['Rooms', (s) => count(s.numbers.totalRooms)],
  ['Messages', (s) => count(s.numbers.totalMessages)],
  ['Msgs 24h', (s) => count(s.numbers.messagesLast24h)],
  ['Uploads', (s) => (s.numbers.uploadsTotalSize === null ? '?' : formatMemorySize(s.numbers.uploadsTotalSize))],
  ['Seats', (s) => (s.numbers.seatsMax === null ? count(s.numbers.seatsUsed) : `${count(s.numbers.seatsUsed)}/${s.numbers.seatsMax}`)],
  ['Version', (s) => s.version ?? '?'],
  ['From', (s) => (s.source === 'rocketchat' ? 'RC' : 'bot')],
];

function count(value: number | null): string {
  return value === null ? '?' : String(value);
}

function table(rows: DailySnapshot[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  const lines = cells.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
  return `\`\`\`\n${lines.join('\n')}\n\`\`\``;
}

/** Where the Active column changes meaning within the rows (oldest first). */
function breakNotes(rows: DailySnapshot[]): string[] {
  return breaksOf('activeUsers', [...rows].reverse()).map(
    (b) => `Active users from ${b.day} (Rocket.Chat ${b.version ?? '?'}): ${b.after}, before: ${b.before}; the two are not compared.`,
  );
}

function daysFrom(value: unknown): number {
  if (value === undefined) return DEFAULT_DAYS;
  const days = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (days >= 1 && days <= MAX_DAYS) return days;
  throw new UserError('bad-flags', { flags: quoteUntrusted(`--days ${String(value)}`, 32), usage: USAGE, accepted: `a whole number of days from 1 to ${MAX_DAYS}` });
}

export default defineCommand<BotServices>({
  name: 'info history',
  summary: 'The daily snapshots of the last days as a table (users, rooms, messages, uploads, seats)',
  usage: USAGE,
  permission: 'view-statistics',
  where: 'any',
  flags: { string: ['days'] },
  async run(ctx, args) {
    const days = daysFrom(args.days);
    const { daily } = ctx.services.config;
    const today = dayOf(ctx.now(), daily.timeZone);
    const rows = await ctx.services.history.recent(today, days);
    if (rows.length === 0) {
      return text(
        daily.enabled
          ? 'No daily snapshots yet, and Rocket.Chat has stored none of its own for these days: the daily summary stores one each day it posts (see `/info schedule` for when).'
          : 'No daily snapshots: the daily summary is off (INFOBOT_DAILY=off), and it is what stores them. Set INFOBOT_DAILY=on to start the history.',
      );
    }
    const replies: Reply[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_MESSAGE) {
      const chunk = table(rows.slice(start, start + ROWS_PER_MESSAGE));
      replies.push(text(start === 0 ? `Daily snapshots, newest first (${rows.length} of the last ${days} days):\n${chunk}` : chunk));
    }
    const notes = breakNotes(rows);
    if (notes.length) replies.push(text(notes.join('\n')));
    return replies;
  },
});
