/**
 * The Federation card: the classic Info page's card (Rocket.Chat federation: enabled, the three checks) for every
 * version, plus Matrix federation and, from 8.0, native federation, which have no card on Rocket.Chat's page.
 */
import type { FederationCheckStatus, FederationInfo } from '../stats/collectors/federation.js';
import type { Semantics } from '../stats/version.js';
import { sourcedField, textField, worstState } from './fields.js';
import { formatCount, formatFlag } from './format.js';
import type { Card, CardField, CardState } from './model.js';

/** What the card is built from. */
export interface FederationCardInput {
  federation: FederationInfo;
  semantics: Semantics;
  now: Date;
}

const CHECK_MARKS: Record<FederationCheckStatus, { mark: string; state: CardState }> = {
  success: { mark: '✔', state: 'ok' },
  failed: { mark: '✘', state: 'danger' },
  unknown: { mark: '○', state: 'info' },
};

/** Builds the Federation card. */
export function federationCard(input: FederationCardInput): Card {
  const { federation: f, semantics } = input;
  const legacy = 'Federation';
  const fields: CardField[] = [sourcedField('Enabled', f.enabled, formatFlag, { short: true, section: legacy })];
  for (const check of f.checks ?? []) {
    const { mark, state } = CHECK_MARKS[check.status];
    fields.push(textField(check.title, `${mark} ${check.status === 'success' ? check.subtitle : check.status}`, { section: legacy, state }));
  }
  // A value out of the bot's reach (REST-only mode, a hidden setting) says why instead of "not set".
  fields.push(sourcedField('Domain', f.domain, (v) => v || 'not set', { short: true, section: legacy, unknown: f.domain.error ?? 'not set' }));
  fields.push(sourcedField('Discovery Method', f.discoveryMethod, (v) => v || 'not set', { short: true, section: legacy, unknown: f.discoveryMethod.error ?? 'not set' }));
  fields.push(sourcedField('Federated servers', f.federatedServers, formatCount, { short: true, section: legacy }));
  fields.push(sourcedField('Federated users', f.federatedUsers, formatCount, { short: true, section: legacy }));

  const matrix = 'Matrix federation';
  fields.push(sourcedField('Enabled', f.matrix, (m) => formatFlag(m.enabled), { short: true, section: matrix }));
  if (f.matrixConfigurationStatus.value) {
    const valid = f.matrixConfigurationStatus.value === 'Valid';
    fields.push(sourcedField('Configuration', f.matrixConfigurationStatus, (v) => v, { short: true, section: matrix, state: valid ? 'ok' : 'warning' }));
  } else if (f.matrixConfigurationStatus.source === 'unavailable' && f.matrixConfigurationStatus.error) {
    fields.push(sourcedField('Configuration', f.matrixConfigurationStatus, (v) => v, { short: true, section: matrix, unknown: f.matrixConfigurationStatus.error }));
  }
  if (f.matrixHomeserverDomain.value) fields.push(sourcedField('Homeserver domain', f.matrixHomeserverDomain, (v) => v, { short: true, section: matrix }));
  fields.push(sourcedField('Federated rooms', f.matrix, (m) => formatCount(m.amountOfFederatedRooms), { short: true, section: matrix }));
  fields.push(sourcedField('External users', f.matrix, (m) => formatCount(m.amountOfExternalUsers), { short: true, section: matrix }));
  fields.push(
    sourcedField(
      'External servers',
      f.matrix,
      (m) => (m.externalConnectedServers.quantity ? `${m.externalConnectedServers.quantity}: ${m.externalConnectedServers.servers.join(', ')}` : '0'),
      { short: true, section: matrix },
    ),
  );
  const room = (r: { name: string; usersCount: number } | null) => (r ? `${r.name || '(unnamed)'} (${r.usersCount} users)` : 'none');
  fields.push(sourcedField('Biggest room', f.matrix, (m) => room(m.biggestRoom), { short: true, section: matrix }));
  fields.push(sourcedField('Smallest room', f.matrix, (m) => room(m.smallestRoom), { short: true, section: matrix }));

  if (f.nativeEnabled.value !== null) {
    const native = 'Native federation';
    fields.push(sourcedField('Enabled', f.nativeEnabled, formatFlag, { short: true, section: native }));
    fields.push(sourcedField('Domain', f.nativeDomain, (v) => v || 'not set', { short: true, section: native, unknown: 'not set' }));
  }

  const notes: string[] = [];
  if (!semantics.legacyFederationCard) {
    notes.push(`Rocket.Chat ${semantics.version.text} has no Federation card (removed in 6.4): this one is built from the same settings and statistics.`);
  }
  if (f.enabled.value) notes.push('Rocket.Chat marks the server check healthy whenever it could send its ping, without waiting for an answer.');
  if (!semantics.matrixServersListed) notes.push('Rocket.Chat 8.x reports no external Matrix servers, whatever is connected.');
  return { id: 'federation', title: 'Federation', state: worstState(fields.map((field) => field.state)), fields, notes, asOf: input.now };
}
