/** Values with their provenance, and the context every collector receives. */
import type { Db } from 'mongodb';
import type { QueryRunner } from './query-runner.js';
import type { ServerInfo } from './server-info.js';
import type { SettingsMap } from './settings.js';
import type { StatisticsSnapshot } from './snapshot.js';
import type { Semantics } from './version.js';

/**
 * Where a value came from: a live query, the last `rocketchat_statistics` snapshot, the server's /api/info, the
 * operator's override; `failed` (its query failed and no snapshot had it) or `unavailable` (nothing can give it).
 */
export type FieldSource = 'live' | 'snapshot' | 'api' | 'override' | 'failed' | 'unavailable';

/** A value and where it came from; `value` is null exactly when the source is `failed` or `unavailable`. */
export interface Sourced<T> {
  value: T | null;
  source: FieldSource;
  /** For snapshot values: when that snapshot was taken. */
  asOf?: Date;
  /** For failed queries, or a value out of the bot's reach (`unavailable`): why (one line). */
  error?: string;
}

/** A field whose live query failed, with where the value shown instead came from (`StatsBase.failures`). */
export interface FieldFailure {
  field: string;
  error: string;
  fallback: 'snapshot' | 'none';
}

/** What a collector needs: the database through the runner, settings, the last snapshot, server info, semantics. */
export interface CollectContext {
  db: Db;
  runner: QueryRunner;
  settings: SettingsMap;
  snapshot: StatisticsSnapshot | undefined;
  serverInfo: ServerInfo | undefined;
  semantics: Semantics;
  now: Date;
  licensePublicKey: string;
  /** Failures are recorded here by `sourcedField`. */
  failures: FieldFailure[];
  /**
   * Whether this computation makes the broad pass over users anyway (the Usage card, statistics.json): then the
   * License card's seat counts are derived from it rather than counted apart.
   */
  broadUserPass: boolean;
}
