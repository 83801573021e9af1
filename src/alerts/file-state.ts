/**
 * The alert state in the embedded store (REST-only mode without INFOBOT_MONGO_URL): the same documents as the
 * database's `alert_state`, one per condition that holds (a handful at most), in the file store's collection.
 */
import type { FileStore } from '../store/file-store.js';
import { ALERT_STATE_COLLECTION, type AlertState, type AlertStateDoc } from './state.js';

/** The alert state over the file store. */
export function fileAlertState(store: Pick<FileStore, 'collection'>): AlertState {
  const states = store.collection<AlertStateDoc>(ALERT_STATE_COLLECTION);
  return {
    all: () => states.read((docs) => Object.values(docs).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))),
    apply: (change) =>
      states.change((docs) => {
        for (const doc of change.write) docs[doc._id] = structuredClone(doc);
        for (const id of change.remove) delete docs[id];
      }),
  };
}
