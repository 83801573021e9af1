/** The last statistics snapshot Rocket.Chat stored (`rocketchat_statistics`, newest `createdAt`): what its Info page shows. */
import type { Document } from 'mongodb';
import type { QueryOptions, QueryRunner } from './query-runner.js';

const WHOLE = 'lastSnapshot';

/** The last stored snapshot. */
export interface StatisticsSnapshot {
  id: string;
  createdAt: Date;
  doc: Record<string, unknown>;
}

/**
 * Reads the newest snapshot, whole or only the `fields` given; undefined when there is none or it cannot be read
 * (the reason goes to `warnings`).
 */
export async function readLastSnapshot(runner: QueryRunner, warnings: string[], fields?: readonly string[]): Promise<StatisticsSnapshot | undefined> {
  const projection = fields ? Object.fromEntries(['createdAt', ...fields].map((field) => [field, 1])) : undefined;
  const query = (options: QueryOptions) =>
    runner.db
      .collection('rocketchat_statistics')
      .find({}, { ...options, sort: { createdAt: -1 }, limit: 1, ...(projection ? { projection } : {}) })
      .toArray();
  // A fresh whole snapshot holds every field a projected read asks for.
  const outcome = fields
    ? await runner.runNarrower(`${WHOLE}:projected:${fields.join(',')}`, { key: WHOLE, narrow: (docs: Document[]) => docs }, query)
    : await runner.run(WHOLE, query);
  if (!outcome.ok) {
    warnings.push(`The last statistics snapshot could not be read (${outcome.error}): server-process fields are unavailable.`);
    return undefined;
  }
  const [doc] = outcome.value;
  if (!doc) return undefined;
  const createdAt = doc.createdAt instanceof Date ? doc.createdAt : new Date(String(doc.createdAt));
  return { id: String(doc._id), createdAt, doc };
}
