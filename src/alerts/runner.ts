/**
 * The alert checks: on every tick of the bot's one scheduler (the minute ticker the daily post also runs on), a
 * tick whose minute matches INFOBOT_ALERT_CRON is a check. Of the replicas, the one that wins the check's claim
 * (src/store/claims.ts, key = the check's minute) reads the workspace, moves the alert state on and posts each
 * start and each clearing once.
 */
import type { Logger } from 'pino';
import { createTask } from 'node-cron';
import type { Claims } from '../store/claims.js';
import { type ActiveCondition, type AlertReading, type AlertThresholds, activeConditions } from './conditions.js';
import { advance, type AlertState } from './state.js';

/** What the runner is wired with. */
export interface AlertRunnerDeps {
  cron: string;
  /** The zone the cron expression's hours are read in. */
  timeZone: string;
  thresholds: AlertThresholds;
  claims: Claims;
  state: AlertState;
  read(now: Date): Promise<AlertReading>;
  post(kind: 'start' | 'clear', text: string, id: string): Promise<void>;
  now(): Date;
  log: Logger;
}

/** A running alert checker. */
export interface AlertRunner {
  /** One look at the clock; `slot` is the minute the ticker meant. */
  tick(slot?: Date): Promise<void>;
  /** Checks now, whatever the schedule (still once across replicas for this minute). */
  check(now: Date): Promise<void>;
}

/** A claim outlives any check, and a check's minute never comes again. */
const CHECK_CLAIM_MS = 60 * 60_000;

/** The message of an alert post: plain text built from the bot's own numbers. */
export function alertText(kind: 'start' | 'clear', text: string): string {
  return kind === 'start' ? `🔔 *Alert*: ${text}` : `✅ *Cleared*: ${text}`;
}

export function createAlertRunner(deps: AlertRunnerDeps): AlertRunner {
  // node-cron's own matcher (a task that is never started) decides which minutes are checks.
  const matcher = createTask(deps.cron, () => undefined, { timezone: deps.timeZone });
  void matcher.destroy();
  const log = deps.log.child({ component: 'alerts' });
  let running: Promise<void> | undefined;

  async function check(now: Date): Promise<void> {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    if (!(await deps.claims.claim(`alerts@${minute.toISOString()}`, CHECK_CLAIM_MS))) return;
    const [reading, stored] = await Promise.all([deps.read(now), deps.state.all()]);
    const firing = new Set(stored.filter((d) => d.phase === 'firing').map((d) => d._id));
    const active: ActiveCondition[] = activeConditions(reading, deps.thresholds, firing);
    const change = advance(stored, active, now);
    await deps.state.apply(change);
    for (const post of change.posts) {
      log.info({ alert: post.id, kind: post.kind }, 'alert');
      await deps.post(post.kind, post.text, post.id).catch((error: unknown) => log.error({ err: error, alert: post.id }, 'the alert could not be posted'));
    }
  }

  return {
    check,
    tick(slot) {
      const now = slot ?? deps.now();
      if (!matcher.match(now)) return Promise.resolve();
      running ??= check(now)
        .catch((error: unknown) => log.error({ err: error }, 'alert check failed; the next one tries again'))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}
