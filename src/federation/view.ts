/**
 * `/info federation settings` as text: each setting of the workspace's generations with its value and meaning,
 * then the legacy card's three status rows (apps/meteor/client/views/admin/info/FederationCard/FederationCard.tsx,
 * rules in stats/collectors/federation.ts). Values come from Rocket.Chat's database; a domain is shown as code.
 */
import { type FederationCheck, federationChecks } from '../stats/collectors/federation.js';
import { showValue } from '../setting-change/change.js';
import { renderInfoSettings } from './more-settings.js';
import { discoveryLabel, type FederationGeneration, type FederationSetting, settingsOf } from './settings.js';

const GENERATION_TITLES: Record<FederationGeneration, string> = {
  legacy: 'Rocket.Chat federation (legacy)',
  matrix: 'Matrix bridge',
  native: 'Native federation',
};

const STATUS_ICON: Record<FederationCheck['status'], string> = { success: '✅', failed: '❌', unknown: '⚪' };

function shown(setting: FederationSetting, value: unknown): string {
  if (setting.kind === 'boolean') return value === true ? 'on' : 'off';
  if (setting.kind === 'discovery') return discoveryLabel(value);
  return typeof value === 'string' && value === '' ? '(empty)' : showValue(value);
}

/** The card's three rows (title, subtitle, state) from FEDERATION_Enabled, _Healthy and _Populated. */
export function renderChecks(values: ReadonlyMap<string, unknown>): string[] {
  const checks = federationChecks(values.get('FEDERATION_Enabled') === true, values.get('FEDERATION_Healthy') === true, values.get('FEDERATION_Populated') === true);
  return checks.map((c) => `${STATUS_ICON[c.status]} *${c.title}*: ${c.subtitle}`);
}

/**
 * The whole answer: per generation the settings the bot changes, then the section's other settings (read-only here,
 * `info` holds their stored values); a generation outside `writable` is shown as Rocket.Chat's read-only one.
 */
export function renderFederationSettings(
  versionText: string,
  generations: readonly FederationGeneration[],
  values: ReadonlyMap<string, unknown>,
  info: ReadonlyMap<string, unknown> = new Map(),
  writable: readonly FederationGeneration[] = generations,
): string {
  const lines = [`*Federation settings* (Rocket.Chat ${versionText})`];
  for (const generation of generations) {
    const canWrite = writable.includes(generation);
    lines.push('', `*${GENERATION_TITLES[generation]}*${canWrite ? '' : ' (read-only on this version: Rocket.Chat keeps these settings for information only)'}`);
    for (const setting of settingsOf([generation])) {
      const how = !canWrite ? 'read-only' : setting.key ? `\`set ${setting.key} …\`` : `\`enable${generation === 'legacy' ? '' : ` ${generation}`}\` / \`disable…\``;
      lines.push(`• ${setting.label.split(' > ').slice(-1)[0]}: ${shown(setting, values.get(setting.id))} (\`${setting.id}\`; ${how}): ${setting.meaning}`);
    }
    const more = renderInfoSettings(generation, info);
    if (more.length > 0) lines.push('_Also in this section (change them in *Administration > Settings > Federation*):_', ...more);
  }
  if (generations.includes('legacy')) lines.push('', '*Checks*', ...renderChecks(values));
  lines.push('', 'Change with `/info federation set …`, `/info federation enable` / `disable`; each change waits for your `!info confirm <code>`.');
  return lines.join('\n');
}
