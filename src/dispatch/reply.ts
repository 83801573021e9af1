/**
 * Reply constructors for commands: text, cards from a statistics snapshot (saying when the numbers are
 * from), and files. Pure.
 */
import { cardsSummary } from '../cards/attachments.js';
import { formatDateTime } from '../cards/format.js';
import { renderInfoCards } from '../cards/info-cards.js';
import type { InfoCardId } from '../cards/model.js';
import type { StatsBase, StatsResult } from '../stats/result.js';
import type { Reply } from './command.js';

/** A plain text reply. */
export function text(body: string): Reply {
  return { kind: 'text', text: body };
}

/** A file reply, uploaded into the room. */
export function file(fileName: string, contentType: string, content: Buffer, description?: string): Reply {
  return description === undefined ? { kind: 'file', fileName, contentType, content } : { kind: 'file', fileName, contentType, content, description };
}

function age(from: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - from.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** When the numbers are from (in `timeZone`), and what could not be computed. */
export function provenance(result: Pick<StatsBase, 'computedAt' | 'failed' | 'origin' | 'snapshotAt'>, now: Date, timeZone: string, refreshed: boolean): string {
  const at = formatDateTime(result.computedAt, timeZone);
  const when = result.origin === 'rest' && result.snapshotAt
    ? snapshotProvenance(result.snapshotAt, now, timeZone, refreshed)
    : refreshed ? `Recomputed now: numbers as of ${at}.` : `Numbers as of ${at} (${age(result.computedAt, now)}); \`/info refresh\` recomputes.`;
  const failed = result.failed.length > 0 ? ` Could not compute: ${result.failed.join(', ')}.` : '';
  return `${when}${failed}`;
}

/**
 * REST-only mode: the numbers are Rocket.Chat's own snapshot, so the line names it and its time; a refresh asked
 * Rocket.Chat for a new one (GET statistics?refresh=true), the request behind the Info page's Refresh button.
 */
function snapshotProvenance(snapshotAt: Date, now: Date, timeZone: string, refreshed: boolean): string {
  const at = formatDateTime(snapshotAt, timeZone);
  return refreshed
    ? `Rocket.Chat computed a new snapshot: numbers from Rocket.Chat's snapshot of ${at}, as the Info page's Refresh button gives.`
    : `Numbers from Rocket.Chat's snapshot of ${at} (${age(snapshotAt, now)}); \`/info refresh\` asks Rocket.Chat for a new one, as the Info page's Refresh button does.`;
}

/** How info cards are shown: the clock, the configured zone, and whether the numbers were just recomputed. */
export interface CardsReplyOptions {
  now: Date;
  timeZone: string;
  refreshed?: boolean;
}

/** The chosen cards of a result, with a first line naming them and saying when they are from. */
export function infoCards<C extends InfoCardId>(result: StatsResult<C>, ids: readonly C[], options: CardsReplyOptions): Reply {
  const cards = renderInfoCards(result, ids, options);
  return { kind: 'cards', cards, text: `${cardsSummary(cards)}\n${provenance(result, options.now, options.timeZone, options.refreshed === true)}` };
}
