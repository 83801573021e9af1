/**
 * The limit fields of the license cards (installed license, DM verdict): one field per limit kind with Rocket.Chat's
 * one maximum (the smallest entry), the current use, and what a reached rule does ("new users are blocked").
 */
import { effectOf, LIMIT_KIND_INFO, type LimitSummary, summariseLimits, usageLevel } from '../license/rules.js';
import type { LimitVerdict } from '../license/types.js';
import { textField } from './fields.js';
import { formatCount } from './format.js';
import type { CardField } from './model.js';

function limitField(limit: LimitSummary): CardField {
  const { label, perGuest } = LIMIT_KIND_INFO[limit.kind];
  if (limit.max < 0) return textField(label, limit.value === undefined || perGuest ? 'unlimited' : `${formatCount(limit.value)} / unlimited`, { short: true });
  if (perGuest) return textField(label, `at most ${formatCount(limit.max)} (Rocket.Chat checks it when a guest joins a room)`, { short: true });
  if (limit.value === undefined) return textField(label, `at most ${formatCount(limit.max)} (current use unknown)`, { short: true });
  const left = limit.kind === 'activeUsers' && limit.value <= limit.max ? ` (${formatCount(limit.max - limit.value)} seats left)` : '';
  const effects = limit.reached.map((behavior) => effectOf(behavior, limit.kind));
  const consequence = effects.length ? `: ${effects.join('; ')}` : '';
  return textField(label, `${formatCount(limit.value)} / ${formatCount(limit.max)}${left}${consequence}`, {
    short: true,
    state: usageLevel(limit.value, limit.max, limit.reached.length > 0),
  });
}

/** One field per limit kind of the license. */
export function limitFields(limits: readonly LimitVerdict[]): CardField[] {
  return summariseLimits(limits).map(limitField);
}
