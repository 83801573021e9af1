/**
 * Session fields of Rocket.Chat's statistics (Sessions model: getUniqueUsersOf*, getUniqueDevicesOf*,
 * getUniqueOSOf*), over the `user_daily` documents of `rocketchat_sessions`. Rocket.Chat runs nine aggregations
 * whose `$group` stages carry two or three accumulators (and `$first`); FerretDB answers every accumulator after the
 * first with 0 and has no `$first`. So each task runs one aggregation per accumulator, with Rocket.Chat's `$match`
 * and group keys, and joins the small results here: more round trips, the same few documents back.
 */
import type { Db, Filter, Document } from 'mongodb';
import type { StatsContext } from './context.js';

type Ymd = { year: number; month: number; day: number };

// Yesterday in the server's local time zone, as `new Date(); setDate(getDate() - 1)`.
function yesterday(now: Date): Ymd {
  const date = new Date(now.getTime());
  date.setDate(date.getDate() - 1);
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** aggregates.getMatchOfLastMonthOrWeek: the 7 days, or the month, ending with `end` (inclusive). */
export function periodMatch({ year, month, day }: Ymd, type: 'month' | 'week'): Filter<Document> {
  let start: Date;
  if (type === 'month') {
    const pastMonthLastDay = new Date(year, month - 1, 0).getDate();
    const currMonthLastDay = new Date(year, month, 0).getDate();
    start = new Date(year, month - 1, day);
    start.setMonth(start.getMonth() - 1, (currMonthLastDay === day ? pastMonthLastDay : Math.min(pastMonthLastDay, day)) + 1);
  } else {
    start = new Date(year, month - 1, day - 6);
  }
  const s = { year: start.getFullYear(), month: start.getMonth() + 1, day: start.getDate() };
  if (year === s.year && month === s.month) return { year, month, day: { $gte: s.day, $lte: day } };
  if (year === s.year) {
    return {
      year,
      $and: [{ $or: [{ month: { $gt: s.month } }, { month: s.month, day: { $gte: s.day } }] }, { $or: [{ month: { $lt: month } }, { month, day: { $lte: day } }] }],
    };
  }
  return {
    $and: [
      { $or: [{ year: { $gt: s.year } }, { year: s.year, month: { $gt: s.month } }, { year: s.year, month: s.month, day: { $gte: s.day } }] },
      { $or: [{ year: { $lt: year } }, { year, month: { $lt: month } }, { year, month, day: { $lte: day } }] },
    ],
  };
}

type Row = { _id: unknown; v: number };

// One aggregation per accumulator: the group key and the summed expression vary, the `$match` is the task's.
async function sumBy(db: Db, filter: Filter<Document>, stages: Document[], key: unknown, value: unknown): Promise<Map<string, { id: unknown; v: number }>> {
  const rows = await db
    .collection('rocketchat_sessions')
    .aggregate<Row>([{ $match: filter }, ...stages, { $group: { _id: key, v: { $sum: value } } }])
    .toArray();
  return new Map(rows.map((row) => [JSON.stringify(row._id), { id: row._id, v: row.v }]));
}

type RoleRow = { role: string | undefined; count: number; sessions: number; time: number };

function summarise(roles: RoleRow[]) {
  if (roles.length === 0) return [];
  return [
    {
      count: roles.reduce((n, r) => n + r.count, 0),
      sessions: roles.reduce((n, r) => n + r.sessions, 0),
      time: roles.reduce((n, r) => n + r.time, 0),
      roles,
    },
  ];
}

/**
 * Users per role with their sessions and time. For a period, Rocket.Chat first groups by user (role = `$first`,
 * i.e. whichever document the server met first) and then by role; here users are counted per role they hold in
 * the period, which is the same whenever a user's mostImportantRole did not change within it.
 */
async function usersByRole(db: Db, filter: Filter<Document>, period: boolean) {
  const counted = period
    ? await sumBy(db, filter, [{ $group: { _id: { r: '$mostImportantRole', u: '$userId' } } }], '$_id.r', 1)
    : await sumBy(db, filter, [], '$mostImportantRole', 1);
  const sessions = await sumBy(db, filter, [], '$mostImportantRole', '$sessions');
  const time = await sumBy(db, filter, [], '$mostImportantRole', '$time');
  const roles = [...counted].map(([key, { id, v }]) => ({
    role: (id ?? undefined) as string | undefined,
    count: v,
    sessions: sessions.get(key)?.v ?? 0,
    time: time.get(key)?.v ?? 0,
  }));
  // The period pipelines sort roles by time before pushing them.
  return summarise(period ? roles.sort((a, b) => b.time - a.time) : roles);
}

async function byDevice(db: Db, filter: Filter<Document>, key: Record<string, string>) {
  const unwind = [{ $unwind: '$devices' }];
  const count = await sumBy(db, filter, unwind, key, '$devices.sessions');
  const time = await sumBy(db, filter, unwind, key, '$devices.time');
  return [...count]
    .map(([k, { id, v }]) => ({ ...(id as Record<string, unknown>), count: v, time: time.get(k)?.v ?? 0 }))
    .sort((a, b) => b.time - a.time);
}

const deviceKey = { type: '$devices.device.type', name: '$devices.device.name', version: '$devices.device.version' };
const osKey = { name: '$devices.device.os.name', version: '$devices.device.os.version' };

/** Pushes the nine session tasks; each result is `{ year, month, day, data }` for yesterday (server time zone). */
export function pushSessionStatistics(ctx: StatsContext): void {
  const { db, stats, parallel, now } = ctx;
  const day = yesterday(now);
  const daily = { ...day, type: 'user_daily' };
  const week = { type: 'user_daily', ...periodMatch(day, 'week') };
  const month = { type: 'user_daily', ...periodMatch(day, 'month') };
  const withOs = { 'devices.device.os.name': { $exists: true } };
  const tasks: [string, () => Promise<unknown>][] = [
    ['uniqueUsersOfYesterday', () => usersByRole(db, daily, false)],
    ['uniqueUsersOfLastWeek', () => usersByRole(db, week, true)],
    ['uniqueUsersOfLastMonth', () => usersByRole(db, month, true)],
    ['uniqueDevicesOfYesterday', () => byDevice(db, daily, deviceKey)],
    ['uniqueDevicesOfLastWeek', () => byDevice(db, week, deviceKey)],
    ['uniqueDevicesOfLastMonth', () => byDevice(db, month, deviceKey)],
    ['uniqueOSOfYesterday', () => byDevice(db, { ...daily, ...withOs }, osKey)],
    ['uniqueOSOfLastWeek', () => byDevice(db, { ...week, ...withOs }, osKey)],
    ['uniqueOSOfLastMonth', () => byDevice(db, { ...month, ...withOs }, osKey)],
  ];
  for (const [field, compute] of tasks) {
    parallel.push(field, async () => {
      stats[field] = { ...day, data: await compute() };
    });
  }
}
