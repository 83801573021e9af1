/** The last statistics snapshot Rocket.Chat stored (`rocketchat_statistics`, newest `createdAt`): what its Info page shows. */
import type { QueryRunner } from './query-runner.js';

/** The last stored snapshot. */
export interface StatisticsSnapshot {
  id: string;
  createdAt: Date;
  doc: Record<string, unknown>;
}

/** Reads the newest snapshot; undefined when there is none or it cannot be read (the reason goes to `warnings`). */
export async function readLastSnapshot(runner: QueryRunner, warnings: string[]): Promise<StatisticsSnapshot | undefined> {
  const outcome = await runner.run('lastSnapshot', (options) =>
    runner.db.collection('rocketchat_statistics').find({}, { ...options, sort: { createdAt: -1 }, limit: 1 }).toArray(),
  );
  if (!outcome.ok) {
    warnings.push(`The last statistics snapshot could not be read (${outcome.error}): server-process fields are unavailable.`);
    return undefined;
  }
  const [doc] = outcome.value;
  if (!doc) return undefined;
  const createdAt = doc.createdAt instanceof Date ? doc.createdAt : new Date(String(doc.createdAt));
  return { id: String(doc._id), createdAt, doc };
}
