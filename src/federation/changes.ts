/**
 * `/info federation set <key> <value>`, `enable [matrix]` and `disable [matrix]` as confirmed setting changes:
 * the value typed is checked first (a hostname, one of the two discovery methods, an http(s) URL) and only a valid
 * one becomes a proposal. Pure; the written values have the types the settings are registered with (boolean,
 * string, the select's `dns` / `hub`), as the Administration page writes them.
 */
import type { SettingChange } from '../setting-change/change.js';
import { FEDERATION_SETTINGS, type FederationGeneration, type FederationSetting } from './settings.js';

/** The follow-up (registered by service.ts) that shows the status rows after each applied federation change. */
export const FEDERATION_STATUS_FOLLOW_UP = 'federation-status';

/** A proposal, or why none is made. */
export type FederationChangeResult = { ok: true; change: SettingChange } | { ok: false; why: string };

/** A DNS name: dot-separated labels of letters, digits and inner hyphens, each ≤ 63, all ≤ 253 (RFC 1035 §2.3.1, RFC 1123 §2.1). */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const MAX_TYPED = 300;

/** True for a host name (no scheme, port, path or trailing dot). */
export const isHostname = (value: string) => HOSTNAME.test(value);

function consequences(setting: FederationSetting, to: unknown): string[] {
  if (setting.kind === 'boolean') {
    return to
      ? [setting.meaning, 'Other servers can then reach this workspace’s users and rooms that are shared with them.']
      : ['Federated rooms stop exchanging messages with other servers; local rooms and users are not touched.'];
  }
  if (setting.id === 'FEDERATION_Domain') return [setting.meaning, 'The DNS records to publish change with it: `/info federation dns` lists them.'];
  return [setting.meaning];
}

function proposal(setting: FederationSetting, to: unknown): SettingChange {
  return { settingId: setting.id, label: setting.label, defaultValue: setting.defaultValue, to, consequences: consequences(setting, to), appliedNote: 'See `/info federation settings` for the whole setup and its checks.', followUp: FEDERATION_STATUS_FOLLOW_UP };
}

/** The words `set` knows for these generations. */
export function setKeys(generations: readonly FederationGeneration[]): string[] {
  return FEDERATION_SETTINGS.filter((s) => s.key && generations.includes(s.generation)).map((s) => s.key as string);
}

/** `set <key> <value>` checked against the generations the workspace has. */
export function parseSet(rawArgs: string, generations: readonly FederationGeneration[]): FederationChangeResult {
  const typed = rawArgs.trim().slice(0, MAX_TYPED);
  const [key = '', value = '', ...rest] = typed.split(/\s+/);
  const keys = setKeys(generations);
  const setting = FEDERATION_SETTINGS.find((s) => s.key === key.toLowerCase() && generations.includes(s.generation));
  if (!setting) return { ok: false, why: `\`set\` takes one of ${keys.map((k) => `\`${k}\``).join(', ')} on this workspace's version, then the value. Nothing was changed.` };
  if (!value || rest.length > 0) return { ok: false, why: `\`set ${setting.key}\` takes exactly one value. Nothing was changed.` };
  switch (setting.kind) {
    case 'hostname':
      if (!isHostname(value)) return { ok: false, why: `\`set ${setting.key}\` takes a host name such as \`chat.example.com\` (letters, digits, hyphens and dots; no scheme, port or path). Nothing was changed.` };
      return { ok: true, change: proposal(setting, value.toLowerCase()) };
    case 'discovery': {
      const method = value.toLowerCase();
      // The modal's select offers exactly these two (FederationModal.tsx discoveryOptions).
      if (method !== 'dns' && method !== 'hub') return { ok: false, why: '`set discovery` takes `dns` or `hub`. Nothing was changed.' };
      return { ok: true, change: proposal(setting, method) };
    }
    case 'url': {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !isHostname(url.hostname)) {
        return { ok: false, why: `\`set ${setting.key}\` takes an http(s) URL such as \`https://matrix.example.com\`. Nothing was changed.` };
      }
      return { ok: true, change: proposal(setting, value) };
    }
    default:
      return { ok: false, why: 'That setting is switched with `enable` / `disable`. Nothing was changed.' };
  }
}

/**
 * `enable [matrix|native]` / `disable …`: without a word, the workspace's own federation switch (legacy up to 7.10,
 * native from 7.11).
 */
export function parseSwitch(rawArgs: string, enable: boolean, generations: readonly FederationGeneration[]): FederationChangeResult {
  const word = rawArgs.trim().toLowerCase();
  const generation: FederationGeneration | undefined = word === '' ? (generations.includes('legacy') ? 'legacy' : 'native') : word === 'matrix' || word === 'native' || word === 'legacy' ? word : undefined;
  const setting = FEDERATION_SETTINGS.find((s) => s.kind === 'boolean' && s.generation === generation);
  if (!generation || !setting || !generations.includes(generation)) {
    const offered = generations.map((g) => `\`${g}\``).join(', ');
    return { ok: false, why: `\`${enable ? 'enable' : 'disable'}\` takes nothing or one of ${offered} on this workspace's version. Nothing was changed.` };
  }
  return { ok: true, change: proposal(setting, enable) };
}
