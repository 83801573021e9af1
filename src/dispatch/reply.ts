/**
 * Reply constructors for commands: text, cards from a statistics snapshot (saying when the numbers are
 * from), and files. Pure.
 */
import { cardsSummary } from '../cards/attachments.js';
import { formatDateTime } from '../cards/format.js';
import type { InfoCardId } from '../cards/model.js';
import type { StatsSnapshot } from '../stats/service.js';
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

/** When the numbers are from, and what could not be computed. */
export function provenance(snapshot: StatsSnapshot, now: Date, refreshed: boolean): string {
  const when = refreshed
    ? `Recomputed now: numbers as of ${formatDateTime(snapshot.computedAt)}.`
    : `Numbers as of ${formatDateTime(snapshot.computedAt)} (${age(snapshot.computedAt, now)}); \`/info refresh\` recomputes.`;
  const failed = snapshot.failed.length > 0 ? ` Could not compute: ${snapshot.failed.join(', ')}.` : '';
  return `${when}${failed}`;
}

/** The chosen cards of a snapshot, with a first line naming them and saying when they are from. */
export function snapshotCards(snapshot: StatsSnapshot, ids: readonly InfoCardId[], now: Date, refreshed = false): Reply {
  const cards = ids.map((id) => snapshot.cards[id]);
  return { kind: 'cards', cards, text: `${cardsSummary(cards)}\n${provenance(snapshot, now, refreshed)}` };
}
