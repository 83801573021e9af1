/**
 * The settings the bot reads that Rocket.Chat registers `hidden`, by release: GET /api/v1/settings/:_id never answers
 * them (Settings.findOneNotHiddenById in apps/meteor/app/api/server/v1/settings.ts), so in REST-only mode their value
 * is out of reach, not absent. From Rocket.Chat's registries:
 *  - RocketChat/Rocket.Chat#36991 (first in 7.11.0) registers the legacy federation's Status, Domain, Public Key,
 *    Discovery Method and Test Setup with `hidden: true` (apps/meteor/server/settings/federation.ts), and moves the
 *    Matrix bridge's settings to apps/meteor/server/services/federation/Settings.ts, where the configuration check's
 *    result and button are `hidden: true`; up to 7.10 the bridge's adapter registered them visible
 *    (apps/meteor/server/services/federation/infrastructure/rocket-chat/adapters/Settings.ts).
 * Not hidden, although Rocket.Chat shows them nowhere on its Settings page: FEDERATION_Healthy, FEDERATION_Populated
 * and FEDERATION_Resolved*, which the federation cron registers on its first run with no options
 * (apps/meteor/server/cron/federation.ts: `settingsRegistry.add(id, value)`), and getSettingDefaults makes `hidden`
 * false unless the options say otherwise (apps/meteor/app/settings/server/functions/getSettingDefaults.ts).
 * A workspace can hide more with the SETTINGS_HIDDEN environment variable; the bot cannot see that, and reads such a
 * setting as not stored.
 */
import type { RcVersion } from '../stats/version.js';

/** How a setting out of reach is shown in place of its value. */
export const HIDDEN_SETTING_TEXT = 'not readable through REST (hidden setting)';

const FROM_7_11 = [
  'FEDERATION_Status',
  'FEDERATION_Domain',
  'FEDERATION_Public_Key',
  'FEDERATION_Discovery_Method',
  'FEDERATION_Test_Setup',
  'Federation_Matrix_configuration_status',
  'Federation_Matrix_check_configuration_button',
];

/** The settings (of those the bot reads) that `version` registers hidden. */
export function hiddenSettings(version: RcVersion): ReadonlySet<string> {
  const reorganised = version.major > 7 || (version.major === 7 && version.minor >= 11);
  return new Set(reorganised ? FROM_7_11 : []);
}
