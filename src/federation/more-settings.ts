/**
 * The other settings Rocket.Chat's Administration page shows in the same federation sections, shown read-only with
 * what each does (the bot changes only the ones in settings.ts). Registered in:
 *  - Matrix bridge: apps/meteor/server/settings/matrix-federation.ts (6.x–7.10); from the 7.11 reorganisation
 *    (RocketChat/Rocket.Chat#36991) apps/meteor/server/services/federation/Settings.ts registers them all read-only,
 *    "deprecated and not used anymore, kept for admin UI information" until 8.0 (apps/meteor/server/settings/index.ts),
 *    and adds `serve_well_known` and `enable_ephemeral_events`, shown only where the workspace stores them;
 *  - native federation: apps/meteor/server/settings/federation-service.ts (7.11+).
 * Secrets (the bridge's two tokens, the registration file that holds them, the signing key) are shown as set or not,
 * never their value.
 */
import type { SettingsReader } from '../rc/settings.js';
import { showValue } from '../setting-change/change.js';
import type { FederationGeneration } from './settings.js';

/** One setting shown for information. */
export interface InfoSetting {
  id: string;
  generation: FederationGeneration;
  label: string;
  /** Rocket.Chat's registered default, shown while no document was written. */
  defaultValue: unknown;
  secret?: boolean;
  /** Registered only by some releases of the band: shown only when the workspace stores it. */
  onlyIfStored?: boolean;
  meaning: string;
}

export const FEDERATION_INFO_SETTINGS: readonly InfoSetting[] = [
  { id: 'Federation_Matrix_id', generation: 'matrix', label: 'AppService ID', defaultValue: '', meaning: 'The id the bridge registers with the homeserver as an application service (`rocketchat_` and the workspace id).' },
  { id: 'Federation_Matrix_hs_token', generation: 'matrix', label: 'Homeserver Token', defaultValue: '', secret: true, meaning: 'The token the homeserver presents when it calls the bridge.' },
  { id: 'Federation_Matrix_as_token', generation: 'matrix', label: 'Application Service Token', defaultValue: '', secret: true, meaning: 'The token the bridge presents when it calls the homeserver.' },
  { id: 'Federation_Matrix_bridge_url', generation: 'matrix', label: 'Bridge URL', defaultValue: 'http://host.docker.internal:3300', meaning: 'Where the homeserver reaches the bridge inside Rocket.Chat: it must be reachable from the homeserver.' },
  { id: 'Federation_Matrix_bridge_localpart', generation: 'matrix', label: 'AppService User Localpart', defaultValue: 'rocket.cat', meaning: 'The bridge’s own Matrix user, @<this>:<homeserver domain>.' },
  { id: 'Federation_Matrix_registration_file', generation: 'matrix', label: 'Registration File', defaultValue: '', secret: true, meaning: 'The registration file to give the homeserver (it holds the two tokens above).' },
  { id: 'Federation_Matrix_max_size_of_public_rooms_users', generation: 'matrix', label: 'Maximum number of users when joining a public room in a remote server', defaultValue: 100, meaning: 'Users can join remote public rooms up to this many members (an enterprise setting).' },
  { id: 'Federation_Matrix_serve_well_known', generation: 'matrix', label: 'Serve Well-Known', defaultValue: true, onlyIfStored: true, meaning: 'Rocket.Chat answers `/.well-known/matrix/server` for the homeserver domain, so other servers find the homeserver.' },
  { id: 'Federation_Matrix_enable_ephemeral_events', generation: 'matrix', label: 'Enable ephemeral events', defaultValue: false, onlyIfStored: true, meaning: 'Typing and presence are exchanged with Matrix servers.' },
  { id: 'Federation_Service_Matrix_Signing_Algorithm', generation: 'native', label: 'Signing Algorithm', defaultValue: 'ed25519', meaning: 'The algorithm of the key this server signs its federation events and requests with (only ed25519).' },
  { id: 'Federation_Service_Matrix_Signing_Version', generation: 'native', label: 'Signing Key Version', defaultValue: '0', meaning: 'The version in the signing key’s id (`ed25519:<version>`) other servers fetch and cache.' },
  { id: 'Federation_Service_Matrix_Signing_Key', generation: 'native', label: 'Signing Key', defaultValue: '', secret: true, meaning: 'The private signing key, made at random when the setting is first registered; changing it makes other servers distrust events signed with the old one.' },
  { id: 'Federation_Service_max_allowed_size_of_public_rooms_to_join', generation: 'native', label: 'Maximum size of public rooms to join', defaultValue: 100, meaning: 'Users can join remote public rooms up to this many members.' },
  { id: 'Federation_Service_Allow_List', generation: 'native', label: 'Allow List', defaultValue: '', meaning: 'The servers this one federates with, comma-separated; empty: any server.' },
  { id: 'Federation_Service_EDU_Process_Typing', generation: 'native', label: 'Process typing events', defaultValue: true, meaning: 'Typing notifications are exchanged with other servers.' },
  { id: 'Federation_Service_EDU_Process_Presence', generation: 'native', label: 'Process presence events', defaultValue: false, meaning: 'Online / away status is exchanged with other servers.' },
  { id: 'Federation_Service_EDU_Process_Receipt', generation: 'native', label: 'Process read receipts', defaultValue: false, meaning: 'Read receipts are exchanged with other servers.' },
  { id: 'Federation_Service_Join_Encrypted_Rooms', generation: 'native', label: 'Join encrypted rooms', defaultValue: false, meaning: 'Users may join end-to-end encrypted rooms of other servers.' },
  { id: 'Federation_Service_Join_Non_Private_Rooms', generation: 'native', label: 'Join non-private rooms', defaultValue: false, meaning: 'Users may join rooms of other servers that are not private (invite-only).' },
  { id: 'Federation_Service_Validate_User_Domain', generation: 'native', label: 'Validate user domain', defaultValue: false, meaning: 'A remote user’s domain must be the server that sends for them.' },
];

/** The stored values of these settings (absent: never written). */
export function readInfoSettings(settings: SettingsReader, generations: readonly FederationGeneration[]): Promise<Map<string, unknown>> {
  return settings.read(FEDERATION_INFO_SETTINGS.filter((s) => generations.includes(s.generation)).map((s) => s.id));
}

function shown(setting: InfoSetting, stored: boolean, value: unknown): string {
  // Rocket.Chat derives or draws these at registration, so a workspace that never stored one is not "without" one.
  if (setting.secret) return !stored ? 'not stored' : typeof value === 'string' && value !== '' ? 'set (not shown)' : 'empty';
  const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : value === '' ? '(empty)' : showValue(value);
  return stored ? text : `${text} (default)`;
}

/** The lines of one generation: label, value (or set / not set), id and meaning. */
export function renderInfoSettings(generation: FederationGeneration, stored: ReadonlyMap<string, unknown>): string[] {
  return FEDERATION_INFO_SETTINGS.filter((s) => s.generation === generation && (!s.onlyIfStored || stored.has(s.id))).map(
    (s) => `◦ ${s.label}: ${shown(s, stored.has(s.id), stored.has(s.id) ? stored.get(s.id) : s.defaultValue)} (\`${s.id}\`): ${s.meaning}`,
  );
}
