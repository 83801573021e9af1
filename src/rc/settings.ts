/**
 * Rocket.Chat's settings as the features read them (the license flow, confirmed setting changes, the federation
 * setup): the stored values by id, from Rocket.Chat's database (read only), or in REST-only mode through
 * GET /api/v1/settings/:_id with the bot's session. That route needs `view-privileged-setting` (403 without) and
 * answers a hidden or unknown setting alike, with a bare 400 failure (apps/meteor/app/api/server/v1/settings.ts:
 * `permissionsRequired` GET view-privileged-setting, then Settings.findOneNotHiddenById, else API.v1.failure()).
 * The answer cannot tell the two apart, so a setting Rocket.Chat registers hidden (hidden-settings.ts, from its
 * registries) is out of reach in REST-only mode, and any other 400 is a setting not stored: absent, as an unstored
 * one is in the database.
 */
import type { Db } from 'mongodb';
import { RestError } from '../chat/rest.js';
import { readGuarded, type RestReader } from '../stats/rest/endpoints.js';
import type { RcVersion } from '../stats/version.js';
import { hiddenSettings } from './hidden-settings.js';

/** Reads settings' stored values. */
export interface SettingsReader {
  /** The stored value of each of `ids`; an id with none is absent. `fresh`: a write just made must be seen. */
  read(ids: readonly string[], options?: { fresh?: boolean }): Promise<Map<string, unknown>>;
  /** Those of `ids` this reader can never read on `version` (REST: the settings Rocket.Chat registers hidden). */
  outOfReach(ids: readonly string[], version: RcVersion): Set<string>;
}

/** From Rocket.Chat's database, `fresh` reads from the primary. */
export function databaseSettings(db: Db): SettingsReader {
  return {
    async read(ids, options = {}) {
      const docs = await db
        .collection<{ _id: string; value?: unknown }>('rocketchat_settings', options.fresh ? { readPreference: 'primary' } : {})
        .find({ _id: { $in: [...ids] } }, { projection: { value: 1 } })
        .toArray();
      return new Map(docs.filter((doc) => doc.value !== undefined).map((doc) => [doc._id, doc.value]));
    },
    // The database holds hidden settings like any other.
    outOfReach: () => new Set(),
  };
}

/** Through REST, one GET per setting (Rocket.Chat answers each setting alone); every read is fresh. */
export function restSettings(rest: RestReader): SettingsReader {
  const one = async (id: string): Promise<[string, unknown] | undefined> => {
    try {
      const { value } = await readGuarded<{ value?: unknown }>(rest, 'settings', `settings/${encodeURIComponent(id)}`);
      return value === undefined ? undefined : [id, value];
    } catch (error) {
      if (error instanceof RestError && error.status === 400) return undefined;
      throw error;
    }
  };
  return {
    async read(ids) {
      const found = await Promise.all([...new Set(ids)].map(one));
      return new Map(found.filter((entry) => entry !== undefined));
    },
    outOfReach(ids, version) {
      const hidden = hiddenSettings(version);
      return new Set(ids.filter((id) => hidden.has(id)));
    },
  };
}
