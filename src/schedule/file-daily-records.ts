/**
 * The daily post records in the embedded store (REST-only mode without INFOBOT_MONGO_URL): the same records as the
 * database's `daily_posts`, one per (room, day), in the file store's `daily_posts` collection. Pruned with the history
 * (INFOBOT_HISTORY_DAYS), as in the database.
 */
import type { FileStore } from '../store/file-store.js';
import { DAILY_POSTS_COLLECTION, type DailyPostDoc, type DailyRecords, isFinal, recordId } from './daily-posts.js';

/** The records over the file store. */
export function fileDailyRecords(store: Pick<FileStore, 'collection'>): DailyRecords {
  const records = store.collection<DailyPostDoc>(DAILY_POSTS_COLLECTION);
  return {
    find: (room, day) => records.read((docs) => docs[recordId(room, day)]),
    write: (room, day, owner, fields) =>
      records.change((docs) => {
        const id = recordId(room, day);
        if (isFinal(docs[id])) return;
        const next: DailyPostDoc = { ...docs[id], ...structuredClone(fields), _id: id, room, day, owner };
        // As the database's $unset: a record that is not retrying keeps no retry time.
        if (fields.state !== 'retrying') delete next.retryAt;
        docs[id] = next;
      }),
    pruneBefore: (day) =>
      records.change((docs) => {
        const old = Object.keys(docs).filter((id) => (docs[id]?.day ?? '') < day);
        for (const id of old) delete docs[id];
        return old.length;
      }),
  };
}
