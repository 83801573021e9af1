/**
 * The statistics engine's typed answer: the parts a caller asked for (the four Info sections and/or the
 * statistics.json document), the version semantics they follow, and what failed with where it came from. Cards,
 * the daily history, the license flow and the CLI all read these fields; nothing here is rendered.
 */
import type { DeploymentInfo } from './collectors/deployment.js';
import type { FederationInfo } from './collectors/federation.js';
import type { LicenseInfo } from './collectors/license.js';
import type { UsageInfo } from './collectors/usage.js';
import type { StatisticsDocument } from './statistics-types.js';
import type { FieldFailure } from './types.js';
import type { Semantics } from './version.js';

/** The four sections of Administration > Info. */
export type InfoSection = 'deployment' | 'license' | 'usage' | 'federation';

/** The Info page's sections in its order. */
export const INFO_SECTIONS: readonly InfoSection[] = ['deployment', 'license', 'usage', 'federation'];

/** What a caller can ask for: sections, and `document` (the whole statistics.json, which implies every section). */
export type StatsPart = InfoSection | 'document';

/** Each part's value. */
export interface StatsParts {
  deployment: DeploymentInfo;
  license: LicenseInfo;
  usage: UsageInfo;
  federation: FederationInfo;
  /** The statistics.json document, typed as Rocket.Chat's IStats plus the `infobot` block. */
  document: StatisticsDocument;
}

/** What every answer carries. */
export interface StatsBase {
  /** When the oldest figure shown was asked for (cached figures make it older than the request). */
  computedAt: Date;
  /** The Rocket.Chat version whose meaning the figures follow, and where that version came from. */
  semantics: Semantics;
  /** When Rocket.Chat's last statistics snapshot was taken (values marked `snapshot` are from it). */
  snapshotAt: Date | undefined;
  /**
   * Where the figures come from: `rest` is Rocket.Chat's own snapshot read through its REST API (REST-only mode), so
   * they are as of `snapshotAt`; absent means the bot's live queries on Rocket.Chat's database.
   */
  origin?: 'rest';
  /** Fields whose query failed or timed out, each with its error and whether the snapshot stood in. */
  failures: FieldFailure[];
  /** The names of those fields, without repeats. */
  failed: string[];
  /** Problems that concern the whole computation (no workspace in the database, /api/info unreachable, …). */
  warnings: string[];
}

/** The parts a request for `P` is answered with: the document comes with every section it is built from. */
export type PartsOf<P extends StatsPart> = P extends 'document' ? StatsPart : P;

/** The answer to a request for the parts `P`. */
export type StatsResult<P extends StatsPart = StatsPart> = StatsBase & Pick<StatsParts, PartsOf<P>>;

/** An answer before it is checked to hold what was asked for. */
export type PartialStatsResult = StatsBase & Partial<StatsParts>;

/** Whether `result` holds every part in `parts`. */
export function hasParts<P extends StatsPart>(result: PartialStatsResult, parts: readonly P[]): result is StatsResult<P> {
  const expanded = parts.includes('document' as P) ? [...INFO_SECTIONS, 'document' as const] : parts;
  return expanded.every((part) => result[part] !== undefined);
}
