/** Rocket.Chat settings the engine reads, fetched in one query (the bot's equivalent of `settings.get(id)`). */
import type { Outcome, QueryOptions, QueryRunner } from './query-runner.js';
import { ALL_SETTING_IDS } from './settings-ids.js';

/** One setting document's relevant parts. */
export interface SettingDoc {
  _id: string;
  value?: unknown;
  packageValue?: unknown;
  createdAt?: Date;
}

/** The settings read for one computation; `ok` false when the query failed (every lookup then gives undefined). */
export interface SettingsMap {
  ok: boolean;
  error?: string;
  get<T = unknown>(id: string): T | undefined;
  doc(id: string): SettingDoc | undefined;
}

/** Builds a map from setting documents (also used by tests with hand-made documents). */
export function settingsMapOf(outcome: Outcome<SettingDoc[]>): SettingsMap {
  const byId = new Map((outcome.ok ? outcome.value : []).map((doc) => [doc._id, doc]));
  return {
    ok: outcome.ok,
    error: outcome.ok ? undefined : outcome.error,
    get: <T>(id: string) => byId.get(id)?.value as T | undefined,
    doc: (id: string) => byId.get(id),
  };
}

// The whole document's settings are `settings`; a section's few are `settings:sections:<ids>` (metric label `settings:sections`).
const keyOf = (ids: readonly string[]) => (ids === ALL_SETTING_IDS ? 'settings' : `settings:sections:${[...ids].sort().join(',')}`);

/**
 * Reads the given settings in one round trip, or takes them from a fresh answer for `wider` settings (the whole
 * document's) when the cache holds one.
 */
export async function readSettings(runner: QueryRunner, ids: readonly string[], wider?: readonly string[]): Promise<SettingsMap> {
  const wanted = new Set(ids);
  const query = (options: QueryOptions) =>
    runner.db
      .collection<SettingDoc>('rocketchat_settings')
      .find({ _id: { $in: [...ids] } }, { ...options, projection: { value: 1, packageValue: 1, createdAt: 1 } })
      .toArray();
  const outcome = wider
    ? await runner.runNarrower(keyOf(ids), { key: keyOf(wider), narrow: (docs: SettingDoc[]) => docs.filter((doc) => wanted.has(doc._id)) }, query)
    : await runner.run(keyOf(ids), query);
  return settingsMapOf(outcome);
}
