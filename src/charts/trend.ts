/**
 * What to chart from the history: which numbers each chart shows, over which days, with a point for every calendar
 * day (null where the day has no snapshot, so gaps show as gaps), and a series split where Rocket.Chat changed what
 * a number counts. Pure.
 */
import { breaksOf, meaningOf } from '../history/meaning.js';
import type { DailySnapshot, Metric } from '../history/numbers.js';
import { addDays, type DayKey } from '../schedule/zoned-time.js';
import type { ChartPanel, ChartSeries, ChartSpec } from './render.js';

/** The charts `/info history --chart` draws. */
export const CHART_KINDS = ['users', 'messages', 'rooms', 'uploads', 'seats'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

type Rows = ReadonlyMap<DayKey, DailySnapshot>;

function calendar(first: DayKey, last: DayKey): DayKey[] {
  const days: DayKey[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

function series(name: string, days: readonly DayKey[], value: (day: DayKey) => number | null, style?: ChartSeries['style']): ChartSeries {
  return { name, points: days.map((day) => [day, value(day)] as const), ...(style ? { style } : {}) };
}

function metricOn(rows: Rows, metric: Metric, scale = 1) {
  return (day: DayKey) => {
    const value = rows.get(day)?.numbers[metric];
    return value === null || value === undefined ? null : value / scale;
  };
}

/** A metric as one series per meaning, the latest meaning under `name`, and markers where the meaning changes. */
function byMeaning(name: string, metric: Metric, rows: Rows, days: readonly DayKey[]): Pick<ChartPanel, 'series' | 'markers'> {
  const ordered = days.flatMap((day) => {
    const row = rows.get(day);
    return row ? [{ day, version: row.version }] : [];
  });
  const breaks = breaksOf(metric, ordered);
  if (breaks.length === 0) return { series: [series(name, days, metricOn(rows, metric))] };
  const latest = breaks[breaks.length - 1]?.after;
  const meanings = [...new Set([breaks[0]?.before, ...breaks.map((b) => b.after)])].filter((m): m is string => m !== undefined);
  const value = metricOn(rows, metric);
  return {
    series: meanings.map((meaning) =>
      series(meaning === latest ? name : `${name} (${meaning})`, days, (day) => (meaningOf(metric, rows.get(day)?.version ?? null) === meaning ? value(day) : null)),
    ),
    markers: breaks.map((b) => ({ day: b.day, label: `${b.version ?? '?'}: ${name.toLowerCase()} ${b.after}` })),
  };
}

/** Messages sent per day, as the change of Rocket.Chat's total from the day before (deletions lower it). */
function messagesPerDay(rows: Rows): (day: DayKey) => number | null {
  return (day) => {
    const today = rows.get(day)?.numbers.totalMessages;
    const before = rows.get(addDays(day, -1))?.numbers.totalMessages;
    return today === null || today === undefined || before === null || before === undefined ? null : today - before;
  };
}

function panelsOf(kind: ChartKind, rows: Rows, days: readonly DayKey[]): ChartPanel[] {
  switch (kind) {
    case 'users': {
      const active = byMeaning('Active', 'activeUsers', rows, days);
      return [{ title: 'Users', unit: 'users', series: [series('Total', days, metricOn(rows, 'totalUsers')), ...active.series], ...(active.markers ? { markers: active.markers } : {}) }];
    }
    case 'messages':
      return [{ title: 'Messages per day', unit: 'messages', series: [series('Messages', days, messagesPerDay(rows))] }];
    case 'rooms':
      return [{ title: 'Rooms', unit: 'rooms', series: [series('Rooms', days, metricOn(rows, 'totalRooms'))] }];
    case 'uploads':
      return [
        { title: 'Uploaded files', unit: 'files', series: [series('Files', days, metricOn(rows, 'uploadsTotal'))] },
        { title: 'Upload storage', unit: 'MB', series: [series('Size', days, metricOn(rows, 'uploadsTotalSize', 1024 * 1024))] },
      ];
    case 'seats': {
      const limit = days.some((day) => typeof rows.get(day)?.numbers.seatsMax === 'number');
      return [
        {
          title: 'Seats (active users counted by the license)',
          unit: 'seats',
          series: [series('Used', days, metricOn(rows, 'seatsUsed')), ...(limit ? [series('Limit', days, metricOn(rows, 'seatsMax'), 'limit')] : [])],
        },
      ];
    }
  }
}

function subtitle(days: readonly DayKey[], rows: Rows, timeZone: string): string {
  const inRange = days.flatMap((day) => rows.get(day) ?? []);
  const fromRc = inRange.filter((row) => row.source === 'rocketchat');
  const source = fromRc.length === 0 ? 'the bot’s daily snapshots' : fromRc.length === inRange.length ? 'Rocket.Chat’s stored statistics' : `Rocket.Chat’s stored statistics up to ${fromRc[fromRc.length - 1]?.day}, the bot’s own after`;
  return `${days[0]} to ${days[days.length - 1]} (${timeZone}), ${inRange.length} of ${days.length} days recorded; from ${source}`;
}

/** The chart of `kind` for the `dayCount` days up to `today`, from the history's rows (any order). */
export function trendChart(kind: ChartKind, history: readonly DailySnapshot[], today: DayKey, dayCount: number, timeZone: string): ChartSpec {
  const rows: Rows = new Map(history.map((row) => [row.day, row]));
  const days = calendar(addDays(today, -dayCount + 1), today);
  const titles: Record<ChartKind, string> = { users: 'Users', messages: 'Messages', rooms: 'Rooms', uploads: 'Uploads', seats: 'Seats' };
  return { title: `${titles[kind]}, last ${dayCount} days`, subtitle: subtitle(days, rows, timeZone), panels: panelsOf(kind, rows, days) };
}

/** The daily post's chart: users and messages over 30 days, and seats against the limit when there is one. */
export function dailyChart(history: readonly DailySnapshot[], today: DayKey, timeZone: string): ChartSpec {
  const rows: Rows = new Map(history.map((row) => [row.day, row]));
  const days = calendar(addDays(today, -29), today);
  const seats = days.some((day) => typeof rows.get(day)?.numbers.seatsMax === 'number');
  return {
    title: 'The last 30 days',
    subtitle: subtitle(days, rows, timeZone),
    panels: [...panelsOf('users', rows, days), ...panelsOf('messages', rows, days), ...(seats ? panelsOf('seats', rows, days) : [])],
  };
}
