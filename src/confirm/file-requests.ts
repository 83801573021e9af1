/**
 * Pending confirmations in the embedded store (REST-only mode without INFOBOT_MONGO_URL): the same requests and states
 * as requests.ts keeps in the database, in a collection of the file store. One process owns the file and each step
 * looks and writes within one `change` (nothing runs in between), so `begin` needs no claim to have one winner.
 * Bounded as the database's TTL bounds them: a request goes a day after it expired, and at most REQUESTS_KEPT stay.
 */
import type { FileStore } from '../store/file-store.js';
import { newCode, normaliseCode } from './codes.js';
import { mayBegin, type PendingRequest, type PendingRequests, type PendingRequestsOptions, requestDocument } from './requests.js';

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
    create: (request) =>
      requests.change((docs) => {
        let code = newCode();
        while (docs[code]) code = newCode();
        for (const doc of Object.values(docs)) {
          if (doc.userId !== request.userId || doc.state !== 'pending') continue;
          if (supersedes && at(doc, supersedes.path) !== supersedes.value(request)) continue;
          doc.state = 'superseded';
          doc.supersededBy = code;
        }
        const doc = requestDocument(structuredClone(request), code, now(), options.ttlMs);
        docs[code] = doc;
        return doc;
      }),
    find: (code) => requests.read((docs) => docs[normaliseCode(code)] ?? null),
    begin: (code) =>
      requests.change((docs) => {
        const request = docs[normaliseCode(code)];
        const when = now();
        if (!mayBegin(request, when)) return false;
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
