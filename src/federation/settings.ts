/**
 * The federation settings an admin sets from chat, per Rocket.Chat generation, with what each means, and a read of
 * their current values from Rocket.Chat (its database, or REST in REST-only mode: src/rc/settings.ts). Which generation applies follows the workspace's version:
 *  - legacy Rocket.Chat federation (apps/meteor/server/settings/federation.ts; the Info page's FederationCard and
 *    FederationModal up to 6.3): writable until RocketChat/Rocket.Chat#36991 (first in 7.11.0) hid FEDERATION_Domain
 *    and FEDERATION_Discovery_Method and made FEDERATION_Enabled read-only;
 *  - the Matrix bridge (apps/meteor/server/settings/matrix-federation.ts, section "Matrix Bridge"), 6.x–7.x;
 *  - native federation (apps/meteor/server/settings/federation-service.ts, enterprise module `federation`), 7.11+.
 */
import type { SettingsReader } from '../rc/settings.js';
import type { RcVersion } from '../stats/version.js';

/** A federation generation. */
export type FederationGeneration = 'legacy' | 'matrix' | 'native';

/** How a value typed in chat is checked. */
export type FederationValueKind = 'boolean' | 'hostname' | 'discovery' | 'url';

/** One setting the bot shows and may change. */
export interface FederationSetting {
  id: string;
  generation: FederationGeneration;
  /** The word after `set` (none for the Enabled switches, which `enable` / `disable` change). */
  key?: string;
  kind: FederationValueKind;
  /** Where the Administration page shows it. */
  label: string;
  /** Rocket.Chat's package value (the registry's default), used while no document was written. */
  defaultValue: unknown;
  meaning: string;
}

// Defaults as registered in the files named in the header.
export const FEDERATION_SETTINGS: readonly FederationSetting[] = [
  { id: 'FEDERATION_Enabled', generation: 'legacy', kind: 'boolean', label: 'Administration > Settings > Federation > Rocket.Chat Federation > Enabled', defaultValue: false, meaning: 'Turns the Rocket.Chat federation on: this server finds other servers and accepts their users and rooms.' },
  { id: 'FEDERATION_Domain', generation: 'legacy', key: 'domain', kind: 'hostname', label: 'Administration > Settings > Federation > Rocket.Chat Federation > Domain', defaultValue: '', meaning: 'The domain other servers know this one by; the DNS records below are published under it.' },
  { id: 'FEDERATION_Discovery_Method', generation: 'legacy', key: 'discovery', kind: 'discovery', label: 'Administration > Settings > Federation > Rocket.Chat Federation > Discovery Method', defaultValue: 'dns', meaning: 'How other servers find this one: DNS records under the domain (recommended), or registration with Rocket.Chat’s hub.' },
  { id: 'Federation_Matrix_enabled', generation: 'matrix', kind: 'boolean', label: 'Administration > Settings > Federation > Matrix Bridge > Enabled', defaultValue: false, meaning: 'Runs the Matrix bridge: rooms and users federate with Matrix homeservers.' },
  { id: 'Federation_Matrix_homeserver_url', generation: 'matrix', key: 'matrix-url', kind: 'url', label: 'Administration > Settings > Federation > Matrix Bridge > Homeserver URL', defaultValue: 'http://localhost:8008', meaning: 'Where the bridge reaches the Matrix homeserver (e.g. Synapse) that federates for this workspace.' },
  { id: 'Federation_Matrix_homeserver_domain', generation: 'matrix', key: 'matrix-domain', kind: 'hostname', label: 'Administration > Settings > Federation > Matrix Bridge > Homeserver Domain', defaultValue: 'local.rocket.chat', meaning: 'The homeserver’s server name: federated users of this workspace are @user:<this domain>.' },
  { id: 'Federation_Service_Enabled', generation: 'native', kind: 'boolean', label: 'Administration > Settings > Federation > Enabled', defaultValue: false, meaning: 'Turns native federation on (an enterprise module): Rocket.Chat speaks Matrix itself, without a bridge.' },
  { id: 'Federation_Service_Domain', generation: 'native', key: 'native-domain', kind: 'hostname', label: 'Administration > Settings > Federation > Domain', defaultValue: '', meaning: 'The server name native federation announces; remote users see this workspace’s users as @user:<this domain>.' },
];

const atLeast = (v: RcVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/** The generations whose settings the workspace's version has (see the header for the sources). */
export function generationsFor(version: RcVersion): FederationGeneration[] {
  const generations: FederationGeneration[] = [];
  if (!atLeast(version, 7, 11)) generations.push('legacy');
  if (!atLeast(version, 8, 0)) generations.push('matrix');
  if (atLeast(version, 7, 11)) generations.push('native');
  return generations;
}

/**
 * The generations the bot may change on this version: from 7.11 Rocket.Chat registers the Matrix bridge settings
 * read-only, deprecated and kept only for information (apps/meteor/server/services/federation/Settings.ts, called
 * from apps/meteor/server/settings/index.ts), as it does the legacy ones, so only native federation is written.
 */
export function writableGenerations(version: RcVersion): FederationGeneration[] {
  return generationsFor(version).filter((g) => g === 'native' || !atLeast(version, 7, 11));
}

/** The settings of the given generations. */
export const settingsOf = (generations: readonly FederationGeneration[]) => FEDERATION_SETTINGS.filter((s) => generations.includes(s.generation));

/** Current values (stored value, else the package default) of `ids`, plus any other settings named there. */
export async function readSettings(settings: SettingsReader, ids: readonly string[]): Promise<Map<string, unknown>> {
  const values = await settings.read(ids);
  for (const setting of FEDERATION_SETTINGS) if (ids.includes(setting.id) && !values.has(setting.id)) values.set(setting.id, setting.defaultValue);
  return values;
}

/**
 * The Discovery Method as the modal shows it: its select lists `dns` as "DNS (recommended)" and `hub` as "HUB", and
 * an empty value selects DNS (FederationModal.tsx: `value={discoveryMethod || 'dns'}`).
 */
export function discoveryLabel(value: unknown): string {
  const method = typeof value === 'string' && value ? value : 'dns';
  return method === 'dns' ? 'DNS (recommended)' : method === 'hub' ? 'HUB' : method;
}
