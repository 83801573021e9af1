/**
 * The four Info cards rendered from the statistics engine's typed result, for the zone the caller gives: the
 * renderers only format what the result holds, so the same result renders the same in chat, the terminal and tests.
 */
import type { PartialStatsResult, StatsResult } from '../stats/result.js';
import type { FieldFailure } from '../stats/types.js';
import { deploymentCard } from './deployment.js';
import { federationCard } from './federation.js';
import { formatDateTime } from './format.js';
import { licenseCard } from './license.js';
import type { Card, InfoCardId } from './model.js';
import { usageCard } from './usage.js';

/** How cards are rendered: the zone every date is shown in, and the clock for "days left". */
export interface RenderOptions {
  timeZone: string;
  now: Date;
}

function withFieldNotes(card: Card, failures: FieldFailure[], timeZone: string): Card {
  const notes = [...card.notes];
  const failed = card.fields.filter((field) => field.source === 'failed');
  if (failed.length) notes.unshift(`${failed.map((f) => f.label).join(', ')}: could not be computed (${failures[0]?.error ?? 'query failed'}).`);
  const asOf = card.fields.find((field) => field.source === 'snapshot' && field.asOf)?.asOf;
  if (asOf) notes.push(`Values marked as from the snapshot are as of ${formatDateTime(asOf, timeZone)}.`);
  return { ...card, notes, timeZone };
}

function missing(id: InfoCardId): never {
  throw new Error(`the statistics result holds no ${id} section`);
}

/** The cards `ids` of a result that holds their sections, in the order given. */
export function renderInfoCards<C extends InfoCardId>(result: StatsResult<C>, ids: readonly C[], options: RenderOptions): Card[];
export function renderInfoCards(result: PartialStatsResult, ids: readonly InfoCardId[], options: RenderOptions): Card[] {
  const { timeZone, now } = options;
  const { semantics, deployment, license, usage, federation } = result;
  const render = (id: InfoCardId): Card => {
    switch (id) {
      case 'deployment':
        if (!deployment) return missing(id);
        return deploymentCard({ deployment, semantics, enterprise: deployment.enterprise === true, now, timeZone });
      case 'license':
        return license ? licenseCard({ license, now, timeZone }) : missing(id);
      case 'usage':
        return usage ? usageCard({ usage, semantics, now }) : missing(id);
      case 'federation':
        return federation ? federationCard({ federation, semantics, now }) : missing(id);
    }
  };
  return ids.map((id) => withFieldNotes({ ...render(id), asOf: result.computedAt }, result.failures, timeZone));
}

/** One line per error naming the fields it cost, and the snapshot's date where it stood in (for the terminal). */
export function failureLines(result: Pick<StatsResult, 'failures' | 'snapshotAt'>, timeZone: string): string[] {
  const { failures, snapshotAt } = result;
  if (!failures.length) return [];
  const byError = new Map<string, string[]>();
  for (const failure of failures) byError.set(failure.error, [...(byError.get(failure.error) ?? []), failure.field]);
  const lines = [...byError].map(([error, fields]) => `Could not compute ${[...new Set(fields)].join(', ')}: ${error}.`);
  if (snapshotAt && failures.some((f) => f.fallback === 'snapshot')) {
    lines.push(`Those values come from Rocket.Chat's last statistics snapshot, as of ${formatDateTime(snapshotAt, timeZone)}.`);
  }
  return lines;
}
