/** Rocket.Chat settings the engine reads, fetched in one query (the bot's equivalent of `settings.get(id)`). */
import type { Outcome, QueryRunner } from './query-runner.js';

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

/** Reads the given settings in one round trip. */
export async function readSettings(runner: QueryRunner, ids: readonly string[]): Promise<SettingsMap> {
  const outcome = await runner.run('settings', (options) =>
    runner.db
      .collection<SettingDoc>('rocketchat_settings')
      .find({ _id: { $in: [...ids] } }, { ...options, projection: { value: 1, packageValue: 1, createdAt: 1 } })
      .toArray(),
  );
  return settingsMapOf(outcome);
}
