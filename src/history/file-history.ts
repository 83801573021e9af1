/**
 * The history in the embedded store (REST-only mode without INFOBOT_MONGO_URL): the same days as the database's
 * `history` collection, one snapshot per day keyed by the day, in the file store's `history` collection. Kept for
 * INFOBOT_HISTORY_DAYS by the daily post's prune, as in the database (a snapshot is a few hundred bytes: 400 days
 * are about 200 kB, rewritten once a day).
 */
import type { FileStore } from '../store/file-store.js';
import { addDays } from '../schedule/zoned-time.js';
import { baselineDays } from './deltas.js';
import type { DailySnapshot } from './numbers.js';
import { HISTORY_COLLECTION, type History } from './snapshots.js';

/** The history over the file store. */
export function fileHistory(store: Pick<FileStore, 'collection'>): History {
  const days = store.collection<DailySnapshot>(HISTORY_COLLECTION);
  /** The stored days, oldest first (day keys sort as text). */
  const sorted = (docs: Readonly<Record<string, DailySnapshot>>) => Object.keys(docs).sort();
  return {
    async save(snapshot) {
      await days.change((docs) => {
        docs[snapshot.day] = structuredClone(snapshot);
      });
    },
    baseline: (day) =>
      days.read((docs) => {
        const { yesterday, weekAgo } = baselineDays(day);
        return { yesterday: docs[yesterday], weekAgo: docs[weekAgo], hasHistory: Object.keys(docs).some((d) => d < day) };
      }),
    recent: (day, limit) =>
      days.read((docs) =>
        sorted(docs)
          .filter((d) => d <= day)
          .reverse()
          .slice(0, limit)
          .flatMap((d) => docs[d] ?? []),
      ),
    extent: () => days.read((docs) => ({ oldest: sorted(docs)[0], days: Object.keys(docs).length })),
    prune: (today, keepDays) =>
      days.change((docs) => {
        const before = addDays(today, -keepDays);
        const old = Object.keys(docs).filter((d) => d < before);
        for (const d of old) delete docs[d];
        return old.length;
      }),
  };
}
