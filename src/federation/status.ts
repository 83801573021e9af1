/**
 * The federation status rows shown after every confirmed federation change, per generation of the workspace:
 *  - legacy: the Info page's Federation card (apps/meteor/client/views/admin/info/FederationCard/FederationCard.tsx):
 *    the Enabled toggle, then its three sections, with the "Fix now!" link while FEDERATION_Healthy is off (here the
 *    command that shows the modal's DNS step), and the Domain and Discovery Method its Settings modal edits;
 *  - Matrix bridge: no card (removed with the legacy one in 6.4); its Enabled switch, homeserver domain and the
 *    result of the settings page's "check configuration" button, Federation_Matrix_configuration_status
 *    ('Valid' / 'Invalid', registered 'Invalid': apps/meteor/server/services/federation/Settings.ts), which 7.11+
 *    registers hidden, so in REST-only mode it is out of reach there (src/rc/hidden-settings.ts), not Invalid;
 *  - native: no card either; Enabled and Domain, and the licence condition of both: they are `enterprise` settings of
 *    the `federation` module with `invalidValue` false / '' (apps/meteor/server/settings/federation-service.ts), so
 *    without that module Rocket.Chat runs with federation off whatever is stored.
 * Pure.
 */
import { HIDDEN_SETTING_TEXT } from '../rc/hidden-settings.js';
import { showValue } from '../setting-change/change.js';
import { discoveryLabel, type FederationGeneration } from './settings.js';
import { renderChecks } from './view.js';

/** The settings the rows read, besides the ones FEDERATION_SETTINGS lists. */
export const STATUS_SETTINGS = ['FEDERATION_Healthy', 'FEDERATION_Populated', 'Federation_Matrix_configuration_status'];

const onOff = (value: unknown) => (value === true ? 'on' : 'off');
const domain = (value: unknown) => (typeof value === 'string' && value !== '' ? showValue(value) : '(empty)');

/** The rows for the workspace's generations; `hidden`: the settings the bot cannot read on this workspace. */
export function renderStatus(generations: readonly FederationGeneration[], values: ReadonlyMap<string, unknown>, hidden: ReadonlySet<string> = new Set()): string {
  const lines = ['*Federation status now*'];
  if (generations.includes('legacy')) {
    lines.push(
      `*Federation* (the Info page's card) · Enabled: ${onOff(values.get('FEDERATION_Enabled'))} · Domain: ${domain(values.get('FEDERATION_Domain'))} · Discovery Method: ${discoveryLabel(values.get('FEDERATION_Discovery_Method'))}`,
      ...renderChecks(values),
    );
    // The card links "Fix now!" while the setup is not healthy, whatever the Enabled switch says.
    if (values.get('FEDERATION_Healthy') !== true) lines.push('Fix now: `/info federation dns` lists the DNS records and which one is missing.');
  }
  if (generations.includes('matrix')) {
    const id = 'Federation_Matrix_configuration_status';
    const check = hidden.has(id) ? `❔ ${HIDDEN_SETTING_TEXT} \`${id}\`` : values.get(id) === 'Valid' ? '✅ Valid' : '❌ Invalid (or never run)';
    lines.push(
      `*Matrix bridge* · Enabled: ${onOff(values.get('Federation_Matrix_enabled'))} · Homeserver Domain: ${domain(values.get('Federation_Matrix_homeserver_domain'))} · Configuration check: ${check}`,
    );
  }
  if (generations.includes('native')) {
    lines.push(
      `*Native federation* · Enabled: ${onOff(values.get('Federation_Service_Enabled'))} · Domain: ${domain(values.get('Federation_Service_Domain'))}`,
      'Both take effect only with a license that has the `federation` module; without it Rocket.Chat runs with native federation off.',
    );
  }
  return lines.join('\n');
}
