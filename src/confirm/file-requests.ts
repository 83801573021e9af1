/**
 * Pending confirmations in the embedded store (REST-only mode without INFOBOT_MONGO_URL): the same requests and states
 * as requests.ts keeps in the database, in a collection of the file store. One process owns the file and each step
 * looks and writes within one `change` (nothing runs in between), so `begin` needs no claim to have one winner.
 * Bounded as the database's TTL bounds them: a request goes a day after it expired, and at most REQUESTS_KEPT stay.
 */
import type { FileStore } from '../store/file-store.js';
import { newCode, normaliseCode } from './codes.js';
import { type NewRequestOf, PURGE_AFTER_MS, type PendingRequest, type PendingRequests, type PendingRequestsOptions, STALE_APPLYING_MS } from './requests.js';

/** Requests kept at most (the oldest go first): the file is rewritten whole. */
export const REQUESTS_KEPT = 1_000;

/** The value at a dotted path of a document. */
function at(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), doc);
}

/** One flow's requests over the file store, in collection `options.collection`. */
export function filePendingRequests<R extends PendingRequest>(store: Pick<FileStore, 'collection'>, options: Omit<PendingRequestsOptions<R>, 'claimPrefix'>): PendingRequests<R> {
  const { now, supersedes } = options;
  const requests = store.collection<R>(options.collection, {
    prune(docs, clock) {
      for (const [id, doc] of Object.entries(docs)) if (doc.purgeAt.getTime() <= clock) delete docs[id];
      const ids = Object.keys(docs);
      if (ids.length <= REQUESTS_KEPT) return;
      ids.sort((a, b) => (docs[a]?.createdAt.getTime() ?? 0) - (docs[b]?.createdAt.getTime() ?? 0));
      for (const id of ids.slice(0, ids.length - REQUESTS_KEPT)) delete docs[id];
    },
  });
  return {
    create: (request: NewRequestOf<R>) =>
      requests.change((docs) => {
        const createdAt = now();
        const expiresAt = new Date(createdAt.getTime() + options.ttlMs);
        let code = newCode();
        while (docs[code]) code = newCode();
        for (const doc of Object.values(docs)) {
          if (doc.userId !== request.userId || doc.state !== 'pending') continue;
          if (supersedes && at(doc, supersedes.path) !== supersedes.value(request)) continue;
          doc.state = 'superseded';
          doc.supersededBy = code;
        }
        const common: PendingRequest = {
          _id: code,
          userId: request.userId,
          username: request.username,
          createdAt,
          expiresAt,
          state: 'pending',
          purgeAt: new Date(expiresAt.getTime() + PURGE_AFTER_MS),
        };
        const doc = { ...structuredClone(request), ...common } as R;
        docs[code] = doc;
        return doc;
      }),
    find: (code) => requests.read((docs) => docs[normaliseCode(code)] ?? null),
    begin: (code) =>
      requests.change((docs) => {
        const request = docs[normaliseCode(code)];
        const when = now();
        if (!request || request.expiresAt <= when) return false;
        const stale = request.state === 'applying' && (request.applyingSince?.getTime() ?? 0) < when.getTime() - STALE_APPLYING_MS;
        if (request.state !== 'pending' && !stale) return false;
        request.state = 'applying';
        request.applyingSince = when;
        return true;
      }),
    settle: (code, state) =>
      requests.change((docs) => {
        const request = docs[normaliseCode(code)];
        if (request?.state !== 'applying') return;
        request.state = state;
        delete request.applyingSince;
      }),
    expire: (code) =>
      requests.change((docs) => {
        const request = docs[normaliseCode(code)];
        if (request?.state === 'pending') request.state = 'expired';
      }),
    cancelPending: (userId) =>
      requests.change((docs) => {
        const pending = Object.values(docs).filter((doc) => doc.userId === userId && doc.state === 'pending');
        const asFound = structuredClone(pending);
        for (const doc of pending) doc.state = 'cancelled';
        return asFound;
      }),
  };
}
