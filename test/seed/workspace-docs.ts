/** Reads a seeded workspace back, whole, so that tests compute their expectations in plain TypeScript. */
import type { Db } from 'mongodb';

export type Doc = Record<string, unknown> & { _id: string };

/** Every collection of the database, documents sorted by `_id`. */
export type Workspace = Record<string, Doc[]>;

export async function readWorkspace(db: Db): Promise<Workspace> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const out: Workspace = {};
  for (const name of names) {
    const docs = (await db.collection(name).find({}).toArray()) as unknown as Doc[];
    out[name] = docs.sort((a, b) => (String(a._id) < String(b._id) ? -1 : String(a._id) > String(b._id) ? 1 : 0));
  }
  return out;
}

export function docsOf(workspace: Workspace, collection: string): Doc[] {
  return workspace[collection] ?? [];
}

/** The one document of `collection` matching `predicate`; fails loudly when it is missing. */
export function one(workspace: Workspace, collection: string, predicate: (doc: Doc) => boolean, what: string): Doc {
  const found = docsOf(workspace, collection).filter(predicate);
  if (found.length !== 1) throw new Error(`expected exactly one ${what} in ${collection}, found ${found.length}`);
  return found[0] as Doc;
}

export const isVisible = (message: Doc): boolean => message._hidden !== true;

export const byUsername = (workspace: Workspace, username: string): Doc => one(workspace, 'users', (u) => u.username === username, `user "${username}"`);

export const byRoomName = (workspace: Workspace, name: string): Doc => one(workspace, 'rocketchat_room', (r) => r.name === name, `room "${name}"`);
