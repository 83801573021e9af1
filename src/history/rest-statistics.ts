/**
 * Rocket.Chat's stored statistics snapshots as daily history, read through REST (REST-only mode): GET
 * statistics.list, which needs view-statistics (app/api/server/v1/stats.ts → statistics/server/functions/
 * getStatistics.ts: Statistics.findPaginated with the caller's sort, skip and limit). Its `query` and `fields` are
 * refused on 8.x unless ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS (helpers/parseJsonQuery.ts), so the bot pages
 * whole documents newest first and stops at the first one before the range; `sort` is always honoured.
 */
import { readGuarded, type RestReader } from '../stats/rest/endpoints.js';
import { addDays, type DayKey, dayOf, startOfDay } from '../schedule/zoned-time.js';
import type { DailySnapshot } from './numbers.js';
import { dailyFromRcDoc, type RcStatistics } from './rc-statistics.js';

/** API_Upper_Count_Limit's default: Rocket.Chat cuts a larger count to it (helpers/getPaginationItems.ts). */
const PAGE = 100;
/** The same bound as the database reader: documents read per day asked. */
const MAX_DOCS_PER_DAY = 50;

interface Page {
  statistics?: Record<string, unknown>[];
  total?: number;
}

/** A listed document with its date made a Date (the API sends ISO text); undefined without a date. */
function dated(doc: Record<string, unknown>): (Record<string, unknown> & { createdAt: Date }) | undefined {
  const createdAt = new Date(String(doc.createdAt));
  return Number.isNaN(createdAt.getTime()) ? undefined : { ...doc, createdAt };
}

/** Rocket.Chat's stored snapshots through `rest` (the bot's session), days counted in `timeZone`. */
export function openRestRcStatistics(rest: RestReader, timeZone: string): RcStatistics {
  const list = (sort: 1 | -1, offset: number, count: number) =>
    readGuarded<Page>(rest, 'statistics.list', 'statistics.list', { sort: JSON.stringify({ createdAt: sort }), offset: String(offset), count: String(count) });

  const oldest = async () => {
    const [doc] = (await list(1, 0, 1)).statistics ?? [];
    return doc ? dated(doc) : undefined;
  };

  return {
    async days(from, to) {
      if (to < from) return [];
      const start = startOfDay(from, timeZone);
      const end = startOfDay(addDays(to, 1), timeZone);
      const span = Math.max(1, Math.round((end.getTime() - start.getTime()) / 86_400_000));
      const byDay = new Map<DayKey, DailySnapshot>();
      for (let offset = 0; offset < span * MAX_DOCS_PER_DAY; offset += PAGE) {
        const page = (await list(-1, offset, PAGE)).statistics ?? [];
        let past = false;
        for (const raw of page) {
          const doc = dated(raw);
          if (!doc || doc.createdAt >= end) continue;
          if (doc.createdAt < start) {
            past = true;
            break;
          }
          // Newest first: the first snapshot seen of a day is its latest, and it wins.
          const day = dayOf(doc.createdAt, timeZone);
          if (!byDay.has(day)) byDay.set(day, dailyFromRcDoc(doc, day));
        }
        if (past || page.length < PAGE) break;
      }
      return [...byDay.values()].reverse();
    },
    async oldestDay() {
      const doc = await oldest();
      return doc ? dayOf(doc.createdAt, timeZone) : undefined;
    },
    async anyBefore(day) {
      const doc = await oldest();
      return doc !== undefined && doc.createdAt < startOfDay(day, timeZone);
    },
  };
}
