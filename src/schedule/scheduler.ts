/**
 * The daily runner: on every tick it asks the plan whether today's post is due, and if so takes the day (a claim,
 * daily-posts.ts) and posts. Every decision reads the injected clock, and every replica runs the same code: the
 * claim gives each day one holder, an expired lease lets another replica take over from a holder that died,
 * and a failed attempt hands the day back with a retry time (exponential backoff) until the day runs out or the
 * attempts do; then a short notice is posted instead. A post missed while the bot was down is simply due at the
 * first tick after start, as long as it is still that day in the zone.
 */
import type { Logger } from 'pino';
import { opsEvents } from '../ops/events.js';
import type { DailyPlan } from './daily-plan.js';
import type { ClaimResult, DailyPosts, Hold } from './daily-posts.js';
import { type DayKey, dayOf } from './zoned-time.js';

/** How the runner retries. */
export interface RetryPolicy {
  /** How long a holder may work before another replica may take the day over. */
  leaseMs: number;
  /** Wait after the first failed attempt; doubled after each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Attempts before giving up for the day. */
  maxAttempts: number;
}

/** Defaults: retries after 1, 2, 4, … minutes up to an hour apart, eight attempts (about two hours). */
export const DEFAULT_RETRY: RetryPolicy = { leaseMs: 15 * 60_000, firstDelayMs: 60_000, maxDelayMs: 60 * 60_000, maxAttempts: 8 };

/** Makes and sends a day's post; returns the message ids, or undefined when `stillMine` said the day was lost. */
export type PostDay = (day: DayKey, now: Date, stillMine: () => Promise<boolean>) => Promise<string[] | undefined>;

/** What the runner is wired with. */
export interface SchedulerDeps {
  plan: DailyPlan;
  /** The room as configured: part of the claim key, so every replica must be configured alike. */
  room: string;
  posts: DailyPosts;
  post: PostDay;
  /** Posts the short notice when a day is given up. */
  notifyFailure(day: DayKey, attempts: number, reason: string): Promise<void>;
  now(): Date;
  log: Logger;
  retry?: Partial<RetryPolicy>;
}

/** A running daily runner. */
export interface DailyScheduler {
  /** One look at the clock; `slot` is the minute the ticker meant, in case it fired a little early. */
  tick(slot?: Date): Promise<void>;
  /** Stops ticking; waits up to `deadlineMs` for a post in progress. */
  stop(deadlineMs: number): Promise<void>;
}

/** The wait before attempt `attempts + 1`. */
export function retryDelayMs(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.firstDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0]?.trim() || 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Builds the runner; it does nothing until ticked. */
export function createScheduler(deps: SchedulerDeps): DailyScheduler {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
  const { plan, room, posts } = deps;
  const log = deps.log.child({ component: 'daily', room });
  /** Days this replica knows are finished (sent or given up), so idle ticks cost no database round trip. */
  const finished = new Set<DayKey>();
  /** Days posted whose record could not be written yet; retried on every tick. */
  const unrecorded = new Map<DayKey, { hold: Hold; ids: string[] }>();
  /** Backoff while the bot's own database cannot be reached, kept in memory since the record cannot be. */
  const offline = new Map<DayKey, { attempts: number; retryAt: number }>();
  let running: Promise<void> | undefined;
  let stopped = false;

  async function record(day: DayKey, hold: Hold, ids: string[]): Promise<void> {
    try {
      await hold.markSent(deps.now(), ids);
      unrecorded.delete(day);
    } catch (error) {
      unrecorded.set(day, { hold, ids });
      log.warn({ err: error, day }, 'posted, but the bot’s database did not record it; retrying the record on the next tick');
    }
  }

  async function giveUp(day: DayKey, attempts: number, reason: string, hold: Hold | undefined): Promise<void> {
    finished.add(day);
    log.error({ day, attempts, reason }, 'giving up on today’s summary; posting a short notice');
    opsEvents.dailyPost.publish({ outcome: 'gave-up' });
    await hold?.markFailed(deps.now(), reason, attempts);
    await deps.notifyFailure(day, attempts, reason).catch((error: unknown) => {
      log.error({ err: error, day }, 'the failure notice could not be posted either');
    });
  }

  async function attempt(day: DayKey, now: Date, hold: Hold): Promise<void> {
    log.info({ day, attempt: hold.attempts + 1 }, 'posting the daily summary');
    try {
      const ids = await deps.post(day, now, () => hold.renew(deps.now(), policy.leaseMs));
      if (!ids) {
        log.warn({ day }, 'another replica took the day over before this one sent it; not posting');
        opsEvents.dailyPost.publish({ outcome: 'taken-over' });
        return;
      }
      finished.add(day);
      log.info({ day, messages: ids }, 'daily summary posted');
      opsEvents.dailyPost.publish({ outcome: 'posted' });
      await record(day, hold, ids);
    } catch (error) {
      const attempts = hold.attempts + 1;
      const reason = oneLine(error);
      const retryAt = new Date(deps.now().getTime() + retryDelayMs(attempts, policy));
      if (attempts >= policy.maxAttempts || dayOf(retryAt, plan.timeZone) !== day) {
        await giveUp(day, attempts, reason, hold);
        return;
      }
      log.warn({ err: error, day, attempts, retryAt }, 'daily summary failed; handing the day back for a retry');
      opsEvents.dailyPost.publish({ outcome: 'retry' });
      await hold.release(retryAt, reason, attempts);
    }
  }

  async function storeUnreachable(day: DayKey, now: Date, error: unknown): Promise<void> {
    const attempts = (offline.get(day)?.attempts ?? 0) + 1;
    const retryAt = now.getTime() + retryDelayMs(attempts, policy);
    if (attempts >= policy.maxAttempts || dayOf(new Date(retryAt), plan.timeZone) !== day) {
      offline.delete(day);
      // Without the database the replicas cannot agree: each one that gives up posts its own notice.
      await giveUp(day, attempts, `the bot’s own database is unreachable (${oneLine(error)})`, undefined);
      return;
    }
    offline.set(day, { attempts, retryAt });
    log.warn({ err: error, day, attempts, retryAt: new Date(retryAt) }, 'the bot’s database is unreachable; the daily summary waits');
  }

  async function once(slot: Date | undefined): Promise<void> {
    const clock = deps.now();
    const now = slot && slot.getTime() > clock.getTime() ? slot : clock;
    const due = plan.dueAt(now);
    if (!due) return;
    const { day } = due;
    for (const memory of [finished, unrecorded, offline]) for (const known of memory.keys()) if (known < day) memory.delete(known);
    const pending = unrecorded.get(day);
    if (pending) return record(day, pending.hold, pending.ids);
    if (finished.has(day)) return;
    const waiting = offline.get(day);
    if (waiting && waiting.retryAt > now.getTime()) return;

    let claim: ClaimResult;
    try {
      claim = await posts.claim(room, day, now, policy.leaseMs);
    } catch (error) {
      return storeUnreachable(day, now, error);
    }
    offline.delete(day);
    if (claim.kind === 'done') {
      finished.add(day);
      return;
    }
    if (claim.kind === 'busy') return;
    await attempt(day, now, claim.hold);
  }

  return {
    tick(slot) {
      if (stopped) return Promise.resolve();
      running ??= once(slot)
        .catch((error: unknown) => log.error({ err: error }, 'daily summary tick failed; the next tick tries again'))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    async stop(deadlineMs) {
      stopped = true;
      if (!running) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
      clearTimeout(timer);
    },
  };
}
