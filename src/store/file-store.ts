/**
 * The bot's own data without a database (REST-only mode, no INFOBOT_MONGO_URL): one JSON file under INFOBOT_DATA_DIR,
 * held in memory and written whole after each change through a temporary file and a rename, so a crash leaves the
 * old file or the new one, never half of one. No dependency and nothing native to build: the data is small (claims
 * of recent messages), and one process owns the file. Several replicas cannot share it: they need the database.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLog, AuditOrigin } from '../confirm/audit.js';
import type { Claims } from './claims.js';

/** The file's name inside INFOBOT_DATA_DIR. */
export const FILE_STORE_NAME = 'infobot-store.json';

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
const AUDIT_KEPT = 1_000;

/** The embedded store. */
export interface FileStore {
  path: string;
  owner: string;
  claims: Claims;
  /** An audit log kept in the file (e.g. the leak guard's license_audit); `at` is read back as a Date. */
  audit<E extends AuditOrigin>(name: string): AuditLog<E>;
  /** Waits for the last write. */
  close(): Promise<void>;
}

async function readData(path: string): Promise<FileData> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<FileData>;
    const object = <T>(value: T | undefined, fallback: T) => (value && typeof value === 'object' ? value : fallback);
    return { version: 1, claims: object(parsed.claims, {}), audits: object(parsed.audits, {}) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, claims: {}, audits: {} };
    throw new Error(`The bot’s data file ${path} cannot be read (${(error as Error).message}): fix or remove it, or set INFOBOT_DATA_DIR to another directory.`);
  }
}

/** Opens (or creates) the store in `dir`; throws one line naming the directory when it cannot be written. */
export async function openFileStore(dir: string, owner: string, options: { now?: () => number } = {}): Promise<FileStore> {
  const now = options.now ?? Date.now;
  const path = join(dir, FILE_STORE_NAME);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new Error(`INFOBOT_DATA_DIR ${dir} cannot be created (${(error as Error).message}): point it at a writable directory.`);
  }
  const data = await readData(path);
  let writing: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  // Writes are queued, each one the whole state at its turn; a failed write is thrown to the changes that asked it.
  // Changes made while a write is under way share the one queued after it (it takes the state when it starts), so a
  // burst of claims costs two rewrites of the file, not one per change.
  const persist = (): Promise<void> => {
    queued ??= writing.then(async () => {
      queued = undefined;
      for (const [key, holding] of Object.entries(data.claims)) if (holding.expiresAt <= now()) delete data.claims[key];
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(data), 'utf8');
      await rename(temporary, path);
    });
    const next = queued;
    writing = next.catch(() => undefined);
    return next;
  };
  await persist();

  async function claim(key: string, ttlMs: number, at?: Date): Promise<boolean> {
    const from = at?.getTime() ?? now();
    const held = data.claims[key];
    // As the database's claims: a held key is refused to everyone, its holder included (a redelivered message).
    if (held && held.expiresAt > from) return false;
    data.claims[key] = { owner, expiresAt: from + ttlMs };
    await persist();
    return true;
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
        await persist();
        return true;
      },
      async release(key, at) {
        const held = data.claims[key];
        if (held?.owner !== owner) return;
        if (at && at.getTime() > now()) held.expiresAt = at.getTime();
        else delete data.claims[key];
        await persist();
      },
    },
    audit<E extends AuditOrigin>(name: string): AuditLog<E> {
      return {
        async record(entry) {
          const entries = data.audits[name] ?? [];
          data.audits[name] = entries;
          entries.push(entry);
          if (entries.length > AUDIT_KEPT) entries.splice(0, entries.length - AUDIT_KEPT);
          await persist();
        },
        async recent(limit) {
          const entries = (data.audits[name] ?? []) as (E & { at: Date | string })[];
          return entries.slice(-limit).reverse().map((entry) => ({ ...entry, at: new Date(entry.at) }));
        },
      };
    },
    close: () => writing,
  };
}
