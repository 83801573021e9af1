/**
 * Whether the bot may write its own database: one upsert and one delete of a probe document. A refusal
 * (MongoDB's Unauthorized, code 13, as a read-only user gets) is a lasting fact the bot starts without its writable
 * features; a server that does not answer says nothing about rights, so the features stay on and ride the outage.
 */
import type { Db } from 'mongodb';

/** The probe's finding. */
export type StoreAccess = { kind: 'writable' } | { kind: 'read-only'; reason: string } | { kind: 'unreachable'; reason: string };

/** MongoDB's error codes for a user without the right (Unauthorized) and for a server or user that is read-only. */
const REFUSED_CODES = new Set([13, 166 /* CommandNotSupportedOnView */, 10107 /* NotWritablePrimary */]);
const UNREACHABLE = /^Mongo(ServerSelection|Network|NetworkTimeout|TopologyClosed|NotConnected|PoolCleared)Error$/;

function oneLine(error: unknown): string {
  return ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').slice(0, 200);
}

/** Writes and removes `probe:<owner>` in the `probes` collection. */
export async function probeStoreWrite(db: Db, owner: string): Promise<StoreAccess> {
  const probes = db.collection<{ _id: string; at: Date }>('probes');
  const _id = `probe:${owner}`;
  try {
    await probes.updateOne({ _id }, { $set: { at: new Date() } }, { upsert: true });
    await probes.deleteOne({ _id });
    return { kind: 'writable' };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number' && REFUSED_CODES.has(code)) return { kind: 'read-only', reason: oneLine(error) };
    if (error instanceof Error && UNREACHABLE.test(error.name)) return { kind: 'unreachable', reason: oneLine(error) };
    // Any other refusal of a plain write by a server that answered is a refusal too.
    return { kind: 'read-only', reason: oneLine(error) };
  }
}
