/**
 * `/info history [--days N]`: the daily snapshots of the last days as a compact table, newest first: the bot's
 * own, and before it ran, Rocket.Chat's own stored statistics (marked RC). Where a number's meaning changed with
 * Rocket.Chat's version, a line says from which day.
 */
import { formatMemorySize } from '../src/cards/format.js';
import { quoteUntrusted } from '../src/chat/untrusted-text.js';
import { defineCommand, type Reply } from '../src/dispatch/command.js';
import { UserError } from '../src/dispatch/errors.js';
import { file, text } from '../src/dispatch/reply.js';
import { renderChart } from '../src/charts/render.js';
import { CHART_KINDS, type ChartKind, trendChart } from '../src/charts/trend.js';
import type { BotServices } from '../src/dispatch/services.js';
import { breaksOf } from '../src/history/meaning.js';
import type { DailySnapshot } from '../src/history/numbers.js';
import { dayOf } from '../src/schedule/zoned-time.js';

const USAGE = 'info history [--days N] [--chart users|messages|rooms|uploads|seats]';
const DEFAULT_DAYS = 7;
const MAX_DAYS = 90;
const DEFAULT_CHART_DAYS = 30;
/** A chart reaches back further than a table: about the year Rocket.Chat keeps its own snapshots. */
const MAX_CHART_DAYS = 400;
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

function daysFrom(value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const days = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (days >= 1 && days <= max) return days;
  throw new UserError('bad-flags', { flags: quoteUntrusted(`--days ${String(value)}`, 32), usage: USAGE, accepted: `a whole number of days from 1 to ${max}` });
}

/** `--chart` alone charts users; otherwise one of the kinds. */
function chartFrom(value: unknown): ChartKind | undefined {
  if (value === undefined) return undefined;
  const kind = typeof value === 'string' ? value.trim().toLowerCase() || 'users' : '';
  if ((CHART_KINDS as readonly string[]).includes(kind)) return kind as ChartKind;
  throw new UserError('bad-flags', { flags: '`--chart`', usage: USAGE, accepted: `one of ${CHART_KINDS.join(', ')}` });
}

export default defineCommand<BotServices>({
  name: 'info history',
  summary: 'The daily snapshots of the last days as a table, or as a chart image with --chart (users, messages, rooms, uploads, seats)',
  usage: USAGE,
  permission: 'view-statistics',
  where: 'any',
  flags: { string: ['days', 'chart'] },
  async run(ctx, args) {
    const chart = chartFrom(args.chart);
    const days = chart ? daysFrom(args.days, DEFAULT_CHART_DAYS, MAX_CHART_DAYS) : daysFrom(args.days, DEFAULT_DAYS, MAX_DAYS);
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
    if (chart) {
      const image = renderChart(trendChart(chart, rows, today, days, daily.timeZone));
      return file(`${chart}-${days}d-${today}.png`, 'image/png', image.png, `${chart}, the last ${days} days up to ${today}`);
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
