/**
 * Documents a query command would examine on MongoDB with the collection's indexes, for the test engines, which run
 * every filter as a scan and cannot explain. The model follows MongoDB's planner in the cases the statistics plans
 * meet: a filter (find's, count's, an aggregation's leading `$match`) whose field has an index (as the seeder created
 * it from Rocket.Chat's models) is an index scan that fetches the documents matching that field's predicate; an
 * `$or` whose every branch is indexed is the union of those scans; a count whose whole filter lies on one index's
 * fields is a COUNT_SCAN that fetches nothing; anything else (no filter, an unindexed field, `$ne`/`$nin`) is a
 * collection scan. The matching documents are counted once per predicate on a separate, unmonitored client.
 */
import type { CommandStartedEvent, Db, Document } from 'mongodb';

interface IndexInfo {
  fields: string[];
  sparse: boolean;
}

/** Whether MongoDB can scan an index for this predicate of its leading field. */
function indexable(predicate: unknown, sparse: boolean): boolean {
  if (predicate === null || typeof predicate !== 'object' || Array.isArray(predicate) || predicate instanceof Date) return true;
  const ops = Object.keys(predicate as object);
  if (!ops.length || !ops.every((op) => op.startsWith('$'))) return true; // an embedded document: equality
  const value = predicate as Record<string, unknown>;
  if ('$ne' in value || '$nin' in value || '$not' in value) return false;
  if ('$exists' in value) return value.$exists === true && (sparse || ops.length > 1);
  return ops.some((op) => ['$eq', '$in', '$gt', '$gte', '$lt', '$lte', '$all'].includes(op));
}

/** The filter a query command applies first, or undefined when it reads every document. */
function leadingFilter(event: CommandStartedEvent): Document | undefined {
  const command = event.command as Document;
  if (event.commandName === 'find') return command.filter as Document | undefined;
  if (event.commandName === 'count') return command.query as Document | undefined;
  if (event.commandName === 'aggregate') {
    const first = (command.pipeline as Document[] | undefined)?.[0];
    return first && '$match' in first ? (first.$match as Document) : undefined;
  }
  if (event.commandName === 'distinct') return command.query as Document | undefined;
  return undefined;
}

/** The examined-documents model over one database. */
export class ExaminedModel {
  private readonly indexes = new Map<string, IndexInfo[]>();
  private readonly sizes = new Map<string, number>();
  private readonly matches = new Map<string, number>();

  constructor(private readonly db: Db) {}

  private async indexesOf(collection: string): Promise<IndexInfo[]> {
    let known = this.indexes.get(collection);
    if (!known) {
      const specs = await this.db.collection(collection).indexes().catch(() => [] as Document[]);
      known = specs
        .filter((spec) => spec.name !== '_id_')
        .map((spec) => ({ fields: Object.keys(spec.key as object), sparse: spec.sparse === true || spec.partialFilterExpression !== undefined }));
      this.indexes.set(collection, known);
    }
    return known;
  }

  private async sizeOf(collection: string): Promise<number> {
    let size = this.sizes.get(collection);
    if (size === undefined) {
      size = await this.db.collection(collection).countDocuments({});
      this.sizes.set(collection, size);
    }
    return size;
  }

  private async matching(collection: string, filter: Document): Promise<number> {
    const key = `${collection}:${JSON.stringify(filter)}`;
    let n = this.matches.get(key);
    if (n === undefined) {
      n = await this.db.collection(collection).countDocuments(filter);
      this.matches.set(key, n);
    }
    return n;
  }

  /** Documents examined by one branch of a filter: the matches of its best indexed field, or undefined (a scan). */
  private async branch(collection: string, filter: Document, countOnly: boolean): Promise<number | undefined> {
    const indexes = await this.indexesOf(collection);
    const fields = Object.keys(filter).filter((field) => !field.startsWith('$'));
    let best: number | undefined;
    for (const index of indexes) {
      const lead = index.fields[0] as string;
      if (!fields.includes(lead) || !indexable(filter[lead], index.sparse)) continue;
      // COUNT_SCAN: every predicate is on this index's fields, nothing is fetched.
      if (countOnly && fields.every((field) => index.fields.includes(field)) && !('$or' in filter)) return 0;
      const n = await this.matching(collection, { [lead]: filter[lead] });
      best = best === undefined ? n : Math.min(best, n);
    }
    return best;
  }

  /** Documents the command would examine on MongoDB. */
  async examined(event: CommandStartedEvent): Promise<number> {
    const command = event.command as Document;
    const collection = String(command[event.commandName]);
    if (event.commandName === 'count' && !command.query) return 0; // estimatedDocumentCount: collection metadata
    if (event.commandName === 'aggregate' && '$collStats' in ((command.pipeline as Document[])[0] ?? {})) return 0;
    const filter = leadingFilter(event);
    const size = await this.sizeOf(collection);
    if (!filter || !Object.keys(filter).length) return size;
    const countOnly = event.commandName === 'count';
    const direct = await this.branch(collection, filter, countOnly);
    if (direct !== undefined) return direct;
    if (Array.isArray(filter.$or)) {
      let union = 0;
      for (const part of filter.$or as Document[]) {
        const n = await this.branch(collection, part, false);
        if (n === undefined) return size;
        union += n;
      }
      return Math.min(union, size);
    }
    return size;
  }
}
