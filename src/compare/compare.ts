/**
 * The bot's statistics.json beside Rocket.Chat's stored snapshot, field by field: which values are equal, which differ
 * (each with its likely cause), which the bot takes from that snapshot itself (nothing to compare), which it cannot
 * know, and which keys only one side writes. Pure: the documents and the evidence come in, the comparison goes out.
 */
import type { StatisticsFile } from '../stats/statistics-file.js';
import type { StatisticsSnapshot } from '../stats/snapshot.js';
import type { FieldSource } from '../stats/types.js';
import { parseRcVersion, type Semantics } from '../stats/version.js';
import { type Cause, explain } from './causes.js';
import type { SinceSnapshot } from './evidence.js';

/** One field (dotted path for nested ones) whose values differ. */
export interface Difference {
  path: string;
  ours: unknown;
  theirs: unknown;
  cause: Cause;
}

/** The comparison. */
export interface Comparison {
  snapshot: { id: string; createdAt: Date; version: string | undefined; refreshed: boolean };
  ourVersion: string;
  comparedAt: Date;
  /** Leaf values compared (live on the bot's side). */
  compared: number;
  equal: number;
  differences: Difference[];
  /** Fields the bot takes from this snapshot: equal by construction, not compared. */
  fromSnapshot: string[];
  /** Fields the bot cannot know here (null in its statistics.json), with Rocket.Chat's value beside. */
  unknownToBot: string[];
  /** Keys Rocket.Chat's snapshot holds that the bot's file for its version does not, and the reverse. */
  onlyTheirs: string[];
  onlyOurs: string[];
}

// The stored document's identity and the REST envelope: never data to compare.
const IDENTITY = new Set(['_id', '_updatedAt', 'createdAt', 'success']);
const MAX_DEPTH = 4;

/** JSON-like form of a value: dates as ISO text, NaN as null (what the REST answer and a stored NaN show). */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && Number.isNaN(value)) return null;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** Leaves of a value by dotted path; arrays and deep objects are leaves compared whole. */
function leaves(value: unknown, path: string, depth: number, out: Map<string, unknown>): void {
  if (isPlainObject(value) && depth < MAX_DEPTH) {
    // An empty object has no leaves: `{}` beside fields written as null is told by the null-field rule, not as a value.
    for (const [key, inner] of Object.entries(value)) leaves(inner, `${path}.${key}`, depth + 1, out);
    return;
  }
  out.set(path, normalise(value));
}

// Canonical text of a leaf for equality: object keys sorted, so key order never makes a difference.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    const v = normalise(inner);
    return isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v;
  }) ?? 'undefined';
}

function ageText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** What a comparison is made of. */
export interface ComparisonInput {
  ours: StatisticsFile;
  semantics: Semantics;
  snapshot: StatisticsSnapshot;
  /** True when the snapshot was saved just now at the admin's request (GET /api/v1/statistics?refresh=true). */
  refreshed: boolean;
  since: SinceSnapshot;
  now: Date;
}

/** Compares the bot's document with the snapshot. */
export function compareWithSnapshot(input: ComparisonInput): Comparison {
  const { ours, snapshot } = input;
  const theirs = snapshot.doc;
  const snapshotVersion = typeof theirs.version === 'string' ? theirs.version : undefined;
  const ctx = {
    ageText: ageText(input.now.getTime() - snapshot.createdAt.getTime()),
    snapshotAt: snapshot.createdAt,
    snapshotVersion: parseRcVersion(snapshotVersion),
    ourSemantics: input.semantics,
    since: input.since,
  };
  const result: Comparison = {
    snapshot: { id: snapshot.id, createdAt: snapshot.createdAt, version: snapshotVersion, refreshed: input.refreshed },
    ourVersion: input.semantics.version.text,
    comparedAt: input.now,
    compared: 0,
    equal: 0,
    differences: [],
    fromSnapshot: [],
    unknownToBot: [],
    onlyTheirs: [],
    onlyOurs: [],
  };
  const sources: Record<string, FieldSource> = ours.provenance.sources;
  const keys = [...new Set([...Object.keys(ours.statistics), ...Object.keys(theirs)])].filter((key) => !IDENTITY.has(key)).sort();
  for (const key of keys) {
    const inOurs = key in ours.statistics;
    const inTheirs = key in theirs && theirs[key] !== undefined;
    if (!inOurs) {
      result.onlyTheirs.push(key);
      continue;
    }
    if (!inTheirs) {
      result.onlyOurs.push(key);
      continue;
    }
    const source = sources[key];
    if (source === 'snapshot') {
      result.fromSnapshot.push(key);
      continue;
    }
    if (source === 'unavailable' || source === 'failed' || ours.statistics[key] === null) {
      if (theirs[key] !== null) result.unknownToBot.push(key);
      continue;
    }
    const left = new Map<string, unknown>();
    const right = new Map<string, unknown>();
    leaves(ours.statistics[key], key, 0, left);
    leaves(theirs[key], key, 0, right);
    for (const path of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      result.compared++;
      const a = left.get(path);
      const b = right.get(path);
      if (canonical(a) === canonical(b)) {
        result.equal++;
        continue;
      }
      result.differences.push({ path, ours: a, theirs: b, cause: explain(path, a, b, ctx) });
    }
  }
  return result;
}
