/**
 * The bot's own data without a database (REST-only mode, no INFOBOT_MONGO_URL): JSON files under INFOBOT_DATA_DIR,
 * each held in memory and rewritten whole, atomically, after a change (json-file.ts). No dependency and nothing native
 * to build: the data is small and bounded (below), and one process owns the files. Several replicas cannot share
 * them: they need the database.
 *
 * `infobot-store.json` holds the claims (rewritten on every message, so kept small) and the audit logs; each feature's
 * documents (history days, daily post records, alert state, pending confirmations) are a collection in a file of its
 * own, `infobot-<name>.json`, so a message's claim does not rewrite a year of history.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLog, AuditOrigin } from '../confirm/audit.js';
import type { Claims } from './claims.js';
import { type JsonFile, openJsonFile } from './json-file.js';

/** The main file's name inside INFOBOT_DATA_DIR. */
export const FILE_STORE_NAME = 'infobot-store.json';

/** A collection's file name inside INFOBOT_DATA_DIR. */
export const collectionFileName = (name: string) => `infobot-${name}.json`;

interface Holding {
  owner: string;
  /** Epoch ms after which the claim is free again. */
  expiresAt: number;
}

interface FileData {
  version: 1;
  claims: Record<string, Holding>;
  /** Audit logs by name, oldest first, each cut to its newest AUDIT_KEPT entries. */
  audits: Record<string, unknown[]>;
}

/** Entries kept per audit log: the file is rewritten whole, so it must stay small. */
export const AUDIT_KEPT = 1_000;

/** A feature's documents by id, in one file. */
export interface FileCollection<T> {
  /** Looks at the documents; what it returns is a copy (changing it changes nothing stored). */
  read<R>(look: (docs: Readonly<Record<string, T>>) => R): Promise<R>;
  /**
   * Changes the documents in one step (nothing runs between what `edit` reads and what it writes: one process, one
   * event loop), then writes the file; resolves once it is on disk, with a copy of what `edit` returned.
   */
  change<R>(edit: (docs: Record<string, T>) => R): Promise<R>;
}

/** What a collection keeps: `prune` drops what is past its bound before each write. */
export interface CollectionOptions<T> {
  prune?(docs: Record<string, T>, now: number): void;
}

/** The embedded store. */
export interface FileStore {
  path: string;
  owner: string;
  claims: Claims;
  /** An audit log kept in the main file (e.g. the leak guard's license_audit). */
  audit<E extends AuditOrigin>(name: string): AuditLog<E>;
  /** A feature's collection, read from its file on first use. */
  collection<T>(name: string, options?: CollectionOptions<T>): FileCollection<T>;
  /** Waits for the last write of every file. */
  close(): Promise<void>;
}

const object = <T>(value: unknown, fallback: T): T => (value && typeof value === 'object' ? (value as T) : fallback);

/** Opens (or creates) the store in `dir`; throws one line naming the directory when it cannot be written. */
export async function openFileStore(dir: string, owner: string, options: { now?: () => number } = {}): Promise<FileStore> {
  const now = options.now ?? Date.now;
  const path = join(dir, FILE_STORE_NAME);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new Error(`INFOBOT_DATA_DIR ${dir} cannot be created (${(error as Error).message}): point it at a writable directory.`);
  }
  const main = await openJsonFile<FileData>(
    path,
    (parsed) => ({ version: 1, claims: object(parsed.claims, {}), audits: object(parsed.audits, {}) }),
    () => ({ version: 1, claims: {}, audits: {} }),
    {
      beforeWrite(data) {
        for (const [key, holding] of Object.entries(data.claims)) if (holding.expiresAt <= now()) delete data.claims[key];
      },
    },
  );
  const data = main.data;
  await main.persist();
  interface OpenCollection {
    file: Promise<JsonFile<{ version: 1; docs: Record<string, unknown> }>>;
    view: FileCollection<unknown>;
    prune: CollectionOptions<unknown>['prune'];
  }
  const collections = new Map<string, OpenCollection>();

  async function claim(key: string, ttlMs: number, at?: Date): Promise<boolean> {
    const from = at?.getTime() ?? now();
    const held = data.claims[key];
    // As the database's claims: a held key is refused to everyone, its holder included (a redelivered message).
    if (held && held.expiresAt > from) return false;
    data.claims[key] = { owner, expiresAt: from + ttlMs };
    await main.persist();
    return true;
  }

  function collection<T>(name: string, collectionOptions: CollectionOptions<T> = {}): FileCollection<T> {
    const known = collections.get(name);
    // A collection is opened once; whoever names its bound (its feature) sets it, even after an earlier look.
    if (known) {
      if (collectionOptions.prune) known.prune = collectionOptions.prune as CollectionOptions<unknown>['prune'];
      return known.view as FileCollection<T>;
    }
    const entry: OpenCollection = { prune: collectionOptions.prune as CollectionOptions<unknown>['prune'], file: undefined as never, view: undefined as never };
    const file = openJsonFile<{ version: 1; docs: Record<string, T> }>(
      join(dir, collectionFileName(name)),
      (parsed) => ({ version: 1, docs: object(parsed.docs, {}) }),
      () => ({ version: 1, docs: {} }),
      { beforeWrite: (contents) => entry.prune?.(contents.docs, now()) },
    );
    const view: FileCollection<T> = {
      read: async (look) => structuredClone(look((await file).data.docs)),
      async change(edit) {
        const opened = await file;
        const result = structuredClone(edit(opened.data.docs));
        await opened.persist();
        return result;
      },
    };
    entry.file = file as OpenCollection['file'];
    entry.view = view as FileCollection<unknown>;
    collections.set(name, entry);
    return view;
  }

  return {
    path,
    owner,
    claims: {
      claim,
      // One process owns the file: the look before the write costs nothing here.
      claimOnce: claim,
      async renew(key, ttlMs, at) {
        const held = data.claims[key];
        if (held?.owner !== owner) return false;
        held.expiresAt = (at?.getTime() ?? now()) + ttlMs;
        await main.persist();
        return true;
      },
      async release(key, at) {
        const held = data.claims[key];
        if (held?.owner !== owner) return;
        if (at && at.getTime() > now()) held.expiresAt = at.getTime();
        else delete data.claims[key];
        await main.persist();
      },
    },
    audit<E extends AuditOrigin>(name: string): AuditLog<E> {
      return {
        async record(entry) {
          const entries = data.audits[name] ?? [];
          data.audits[name] = entries;
          entries.push(structuredClone(entry));
          if (entries.length > AUDIT_KEPT) entries.splice(0, entries.length - AUDIT_KEPT);
          await main.persist();
        },
        async recent(limit) {
          const entries = (data.audits[name] ?? []) as (E & { at: Date | string })[];
          // Entries written before dates were kept as dates hold `at` as a string.
          return structuredClone(entries.slice(-limit).reverse()).map((entry) => ({ ...entry, at: new Date(entry.at) }));
        },
      };
    },
    collection,
    async close() {
      await main.settled();
      await Promise.all([...collections.values()].map(async ({ file }) => (await file.catch(() => undefined))?.settled()));
    },
  };
}
