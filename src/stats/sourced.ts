/** Turning query outcomes into sourced fields, falling back to the last snapshot when a query failed. */
import type { Outcome } from './query-runner.js';
import type { SettingsMap } from './settings.js';
import type { CollectContext, Sourced } from './types.js';

/** A live value. */
export function live<T>(value: T): Sourced<T> {
  return { value, source: 'live' };
}

/** A value from the last snapshot (or `unavailable` when the snapshot lacks it). */
export function fromSnapshot<T>(ctx: CollectContext, pick: (snapshot: Record<string, unknown>) => unknown): Sourced<T> {
  const value = ctx.snapshot ? pick(ctx.snapshot.doc) : undefined;
  // Rocket.Chat stores NaN for a message total when a room lacks `msgs`: that is no number to show.
  const missing = value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value));
  if (missing) return { value: null, source: 'unavailable' };
  return { value: value as T, source: 'snapshot', asOf: ctx.snapshot?.createdAt };
}

/**
 * The field `name` computed from a query outcome; when the query failed, the snapshot's value "as of" its date, or a
 * failed marker. Every failure is recorded in `ctx.failures`.
 */
export function sourcedField<Q, T>(ctx: CollectContext, name: string, outcome: Outcome<Q>, derive: (value: Q) => T): Sourced<T> {
  if (outcome.ok) return live(derive(outcome.value));
  const fallback = fromSnapshot<T>(ctx, (doc) => doc[name]);
  ctx.failures.push({ field: name, error: outcome.error, fallback: fallback.source === 'snapshot' ? 'snapshot' : 'none' });
  if (fallback.source === 'snapshot') return { ...fallback, error: outcome.error };
  return { value: null, source: 'failed', error: outcome.error };
}

/**
 * A field read from settings: live when the settings query succeeded (`unavailable` when the setting is absent),
 * else the snapshot's value or a failed marker.
 */
export function settingField<T>(ctx: CollectContext, name: string, read: (settings: SettingsMap) => T | undefined): Sourced<T> {
  const { settings } = ctx;
  if (!settings.ok) {
    return sourcedField<never, T>(ctx, name, { ok: false, error: settings.error ?? 'settings could not be read', timedOut: false }, () => {
      throw new Error('unreachable');
    });
  }
  const value = read(settings);
  return value === undefined ? { value: null, source: 'unavailable' } : live(value);
}
