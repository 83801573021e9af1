/**
 * Rocket.Chat's settings as its server sees them. The server keeps every `rocketchat_settings` document in memory
 * (`settings.get(id)` costs no query); a reference module loads them once per computation instead, which is the one
 * round trip these modules make that Rocket.Chat's statistics plan does not.
 */
import type { Db } from 'mongodb';

/** The settings fields the reference modules read. */
export interface RcSettingDoc {
  _id: string;
  value?: unknown;
  packageValue?: unknown;
  createdAt?: Date;
  blocked?: boolean;
}

/** An in-memory view of `rocketchat_settings`, like the server's settings cache. */
export interface RcSettings {
  get<T = unknown>(id: string): T | undefined;
  has(id: string): boolean;
  /** The whole cached document, as `settings.getSetting(id)`. */
  getSetting(id: string): RcSettingDoc | undefined;
  /** Ids matching a pattern, as `settings.getByRegexp`. */
  matching(pattern: RegExp): Array<[string, unknown]>;
}

/** Wraps setting documents as a cache. */
export function settingsFrom(docs: readonly RcSettingDoc[]): RcSettings {
  const byId = new Map(docs.map((doc) => [doc._id, doc]));
  return {
    get: <T>(id: string) => byId.get(id)?.value as T | undefined,
    has: (id) => byId.has(id),
    getSetting: (id) => byId.get(id),
    matching: (pattern) => [...byId.values()].filter((doc) => pattern.test(doc._id)).map((doc) => [doc._id, doc.value]),
  };
}

/** Loads all settings (or only `ids`) from the workspace's database. */
export async function loadRcSettings(db: Db, ids?: readonly string[]): Promise<RcSettings> {
  const filter = ids ? { _id: { $in: [...ids] } } : {};
  const docs = await db
    .collection<RcSettingDoc>('rocketchat_settings')
    .find(filter as never, { projection: { _id: 1, value: 1, packageValue: 1 } })
    .toArray();
  return settingsFrom(docs);
}
