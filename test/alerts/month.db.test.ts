/**
 * Alerts over a simulated month: three replicas checking every six hours on a shared state and claims in the test
 * database, a clock the test moves, and a scripted workspace: seats crossing 80/90/100 % and back, noise just under
 * a threshold, a license running towards its end, Rocket.Chat's database away for 40 minutes (seen by one check) and
 * for 10 hours, and one day of unusual growth. Six hours apart, not more often: the 120 checks are the test's cost
 * (claims, state, three replicas each), and the script needs no finer grain. Each alert must be posted once when it starts and once when it clears, by one
 * replica, and noise below a threshold never.
 */
import { describe, expect, test } from 'vitest';
import type { AlertReading, AlertThresholds } from '../../src/alerts/conditions.js';
import { createAlertRunner } from '../../src/alerts/runner.js';
import { openAlertState } from '../../src/alerts/state.js';
import type { DailyNumbers, DailySnapshot } from '../../src/history/numbers.js';
import { createLogger } from '../../src/log.js';
import { openClaims } from '../../src/store/claims.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
const START = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THRESHOLDS: AlertThresholds = { seatsPercent: [80, 90, 100], licenseDays: [30, 7, 1], jumpSigma: 4, failingMs: HOUR };
const LICENSE_END = '2026-04-10T00:00:00.000Z';

/** A small deterministic wobble in [-1, 1]. */
function wobble(n: number): number {
  return Math.sin(n * 12.9898) * 0.999;
}

/** Seats used at hour h of the month (limit 1000). */
function seatsAt(h: number): number {
  const day = Math.floor(h / 24);
  const noise = Math.round(wobble(h) * 10);
  if (day >= 5 && day < 8) return 825 + noise; // over 80 %, wobbling inside the margin
  if (day >= 8 && day < 12) return 915 + noise; // over 90 %
  if (day >= 15 && day < 18) return 789 + noise; // noise just under 80 %: 779..799
  if (day >= 20 && day < 22) return 1012 + noise; // over the limit
  return 700 + noise;
}

/** Rocket.Chat's database is away on day 25 11:40–12:20 (the 12:00 check sees it, the 18:00 one not) and on day 26 10:00–20:00. */
function unreachableAt(ms: number): boolean {
  const inWindow = (day: number, from: number, to: number) => ms >= START + day * DAY + from && ms < START + day * DAY + to;
  return inWindow(25, 11 * HOUR + 40 * 60_000, 12 * HOUR + 20 * 60_000) || inWindow(26, 10 * HOUR, 20 * HOUR);
}

/** Total users on day d (as the history stores it): +10 a day with a little noise, +200 on day 27. */
function usersOn(d: number): number {
  return 1000 + 10 * d + Math.round(wobble(d) * 3) + (d >= 27 ? 190 : 0);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function snapshot(ms: number, numbers: Partial<DailyNumbers>): DailySnapshot {
  const base: DailyNumbers = {
    totalUsers: null, activeUsers: null, onlineUsers: null, totalRooms: null, roomsLast24h: null, totalMessages: null,
    messagesLast24h: null, uploadsTotal: null, uploadsTotalSize: null, seatsUsed: null, seatsMax: null, licenseDaysLeft: null, instanceCount: null,
  };
  return {
    day: isoDay(ms),
    takenAt: new Date(ms),
    numbers: { ...base, ...numbers },
    version: '7.10.0',
    license: { state: 'valid', validUntil: LICENSE_END, plan: ['Enterprise'], reasons: [] },
    failed: [],
  };
}

/** The workspace at `now`, and the daily history up to yesterday (60 days back from the month's start). */
function readingAt(now: Date): AlertReading {
  const ms = now.getTime();
  const h = Math.floor((ms - START) / HOUR);
  const today = Math.floor((ms - START) / DAY);
  const daysLeft = Math.floor((Date.parse(LICENSE_END) - ms) / DAY);
  const history: DailySnapshot[] = [];
  for (let d = today - 1; d >= today - 40; d--) history.push(snapshot(START + d * DAY, { totalUsers: usersOn(d), instanceCount: 2 }));
  const current = unreachableAt(ms)
    ? undefined
    : snapshot(ms, { seatsUsed: seatsAt(h), seatsMax: 1000, licenseDaysLeft: daysLeft, totalUsers: usersOn(today), instanceCount: 2 });
  return { now, current, history };
}

describe('alerts over a simulated month, three replicas', () => {
  test('each crossing is posted once when it starts and once when it clears; noise below a threshold never', async () => {
    let now = new Date(START);
    const posts: { kind: string; text: string; id: string; at: string }[] = [];
    const log = createLogger('silent');
    const state = openAlertState(t.db);
    const replicas = await Promise.all(
      ['a', 'b', 'c'].map(async (name) =>
        createAlertRunner({
          cron: '0 */6 * * *',
          timeZone: 'UTC',
          thresholds: THRESHOLDS,
          claims: await openClaims(t.db, `replica-${name}`, { now: () => now }),
          state,
          read: async (at) => readingAt(at),
          post: async (kind, text, id) => void posts.push({ kind, text, id, at: now.toISOString() }),
          now: () => now,
          log,
        }),
      ),
    );
    // Every 30 minutes for 30 days; the expression makes every twelfth tick a check (every six hours).
    for (let slot = START; slot < START + 30 * DAY; slot += 30 * 60_000) {
      now = new Date(slot);
      await Promise.all(replicas.map((r) => r.tick(now)));
    }

    const summary = posts.map((p) => `${p.at.slice(0, 16)} ${p.kind} ${p.id}`);
    const at = (day: number, hour = 0) => new Date(START + day * DAY + hour * HOUR).toISOString().slice(0, 16);
    // The first hour whose whole days left (rounded down) are 30 or fewer.
    const licenseDay = Math.floor((Date.parse(LICENSE_END) - 31 * DAY - START) / DAY);
    // Expected from the script above: seats by day (the margin keeps 80 % on while it wobbles at 815..835), the
    // license's 30-day mark (at the first check past it), the 10-hour outage at the first check an hour after it was
    // first seen (the 40-minute one never), the day of +200 users.
    expect(summary).toEqual([
      `${at(5)} start seats-80`,
      `${at(8)} start seats-90`,
      `${at(licenseDay, 6)} start license-30d`,
      `${at(12)} clear seats-80`,
      `${at(12)} clear seats-90`,
      `${at(20)} start seats-80`,
      `${at(20)} start seats-90`,
      `${at(20)} start seats-100`,
      `${at(22)} clear seats-100`,
      `${at(22)} clear seats-80`,
      `${at(22)} clear seats-90`,
      `${at(26, 18)} start rc-db-unreachable`,
      `${at(27)} clear rc-db-unreachable`,
      `${at(28)} start jump:totalUsers`,
      `${at(29)} clear jump:totalUsers`,
    ]);
    // The first post of each kind and condition.
    const texts = new Map(posts.map((p) => [`${p.kind} ${p.id}`, p.text]).reverse() as [string, string][]);
    expect(texts.get('start seats-90')).toMatch(/^Seats at 9\d % of the license limit \(9\d\d of 1000\), at or over the 90 % threshold\.$/);
    expect(texts.get('start jump:totalUsers')).toContain('Unusual change in users on 2026-03-28: +20');
    // Each start and each clearing was posted once (the list above), whichever replica won its claim: under load one
    // replica may win them all, so which replicas posted is not asserted.
    // Still firing at the month's end: the license alert alone.
    expect((await state.all()).map((d) => [d._id, d.phase])).toEqual([['license-30d', 'firing']]);
  }, 300_000);
});
