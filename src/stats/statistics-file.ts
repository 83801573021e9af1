/**
 * statistics.json as the Info page's "Download info" saves it: the body of `GET /api/v1/statistics` for the
 * workspace's version, i.e. Rocket.Chat's statistics document with exactly that release's keys (statistics-keys.ts)
 * plus `success: true` (apps/meteor/app/api/server/v1/stats.ts answers `API.v1.success(stats)`). Nothing of the bot's
 * own goes into it: a value the bot cannot know is null, never a neutral-looking default, and where each value came
 * from is the separate provenance document.
 */
import type { StatisticsDocument } from './statistics-types.js';
import { rcKeyPresence, rcRequiredKeys } from './statistics-keys.js';
import type { FieldSource } from './types.js';
import { NEWEST_KNOWN_VERSION, parseRcVersion, type RcVersion, semanticsFor } from './version.js';

/** Where the file's values came from: the bot's block, kept apart from Rocket.Chat's fields. */
export interface StatisticsProvenance {
  generator: 'rocketchat-infobot';
  generatedAt: string;
  /** The Rocket.Chat version whose key set and meanings the file follows, and where that version came from. */
  semantics: { version: string; source: string };
  /** When Rocket.Chat stored the snapshot that `snapshot` values were taken from; null without one. */
  snapshotAt: string | null;
  sources: Record<string, FieldSource>;
  /** Keys of Rocket.Chat's document the bot cannot know here: null in the file. */
  unavailable: string[];
  failed: string[];
  notes: string[];
}

/** The two documents: Rocket.Chat's (the file) and the bot's provenance. */
export interface StatisticsFile {
  statistics: Record<string, unknown>;
  provenance: StatisticsProvenance;
}

const KNOWN: ReadonlySet<FieldSource> = new Set(['live', 'snapshot', 'api', 'override']);

/** Cuts the bot's document to Rocket.Chat's keys for its version; unknown values become null. */
export function statisticsFile(document: StatisticsDocument): StatisticsFile {
  const { infobot, ...fields } = document;
  const version = parseRcVersion(infobot.semantics.version) ?? (parseRcVersion(NEWEST_KNOWN_VERSION) as RcVersion);
  const semantics = semanticsFor(version, infobot.semantics.source);
  const statistics: Record<string, unknown> = {};
  const sources: Record<string, FieldSource> = {};
  const unavailable: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const presence = rcKeyPresence(key, semantics);
    if (presence === 'never') continue;
    const source = infobot.sources[key] ?? 'unavailable';
    if (presence === 'conditional' && !KNOWN.has(source)) continue;
    sources[key] = source;
    if (KNOWN.has(source)) {
      statistics[key] = value;
    } else {
      statistics[key] = null;
      unavailable.push(key);
    }
  }
  // No document was stored: there is no _id to give (the bot never writes into rocketchat_statistics).
  statistics._id = null;
  sources._id = 'unavailable';
  for (const key of rcRequiredKeys(semantics)) {
    if (key in statistics) continue;
    statistics[key] = null;
    sources[key] = 'unavailable';
    unavailable.push(key);
  }
  statistics.success = true;
  return {
    statistics,
    provenance: {
      generator: infobot.generator,
      generatedAt: infobot.generatedAt,
      semantics: infobot.semantics,
      snapshotAt: infobot.snapshotAt,
      sources,
      unavailable,
      failed: infobot.failed,
      notes: infobot.notes,
    },
  };
}

/** 2-space JSON with a final newline, as Rocket.Chat's download. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One sentence on the provenance, for the message that carries the file. */
export function provenanceLine(provenance: StatisticsProvenance): string {
  const counts = new Map<string, number>();
  for (const source of Object.values(provenance.sources)) counts.set(source, (counts.get(source) ?? 0) + 1);
  const snapshot = provenance.snapshotAt ? ` (Rocket.Chat's snapshot of ${provenance.snapshotAt})` : '';
  const parts = [`${counts.get('live') ?? 0} fields live`, `${counts.get('snapshot') ?? 0} from the last snapshot${snapshot}`];
  if (provenance.unavailable.length) parts.push(`null where the bot cannot know them: ${provenance.unavailable.join(', ')}`);
  return `Keys as Rocket.Chat ${provenance.semantics.version} writes them; ${parts.join('; ')}.`;
}
