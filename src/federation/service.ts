/**
 * The federation setup from chat: reads the settings of the workspace's generations and turns typed changes into
 * confirmed setting changes (the flow of src/setting-change/, so confirmation, write, read-back and audit are its).
 */
import type { CommandContext, Reply } from '../dispatch/command.js';
import { text } from '../dispatch/reply.js';
import { HIDDEN_SETTING_TEXT } from '../rc/hidden-settings.js';
import type { SettingsReader } from '../rc/settings.js';
import type { SettingChanges } from '../setting-change/service.js';
import type { RcVersion } from '../stats/version.js';
import { FEDERATION_STATUS_FOLLOW_UP, type FederationChangeResult, parseSet, parseSwitch } from './changes.js';
import { readInfoSettings } from './more-settings.js';
import { FEDERATION_SETTINGS, type FederationGeneration, generationsFor, readSettings, writableGenerations } from './settings.js';
import { lookUpFederation } from './dns-lookup.js';
import { lookupNames, siteParts } from './dns-records.js';
import { renderDns } from './dns-view.js';
import { renderStatus, STATUS_SETTINGS } from './status.js';
import { renderFederationSettings } from './view.js';

/** What the commands call. */
export interface FederationSetup {
  show(): Promise<Reply>;
  /** The DNS step: the modal's records, Rocket.Chat's resolved state and the bot's own look-up. */
  dns(): Promise<Reply>;
  set(ctx: CommandContext<unknown>, rawArgs: string): Promise<Reply>;
  toggle(ctx: CommandContext<unknown>, rawArgs: string, enable: boolean): Promise<Reply>;
}

declare module '../dispatch/services.js' {
  interface BotServices {
    /** Federation settings from chat (issue 15). */
    federation: FederationSetup;
  }
}

/** Settings the view reads besides the ones it may change: the card's checks. */
const CHECK_SETTINGS = ['FEDERATION_Healthy', 'FEDERATION_Populated'];

/** Builds the service; `version` is the workspace's Rocket.Chat version as the statistics engine knows it. */
export function createFederationSetup(deps: { settings: SettingsReader; settingChanges: SettingChanges; version: () => Promise<RcVersion>; dnsServers?: readonly string[] }): FederationSetup {
  const generations = async (): Promise<{ version: RcVersion; generations: FederationGeneration[]; writable: FederationGeneration[] }> => {
    const version = await deps.version();
    return { version, generations: generationsFor(version), writable: writableGenerations(version) };
  };
  /** Reads what the bot can of `ids` on this workspace; `hidden`: the ones it never can (REST-only mode). */
  const readReachable = async (version: RcVersion, ids: readonly string[]) => {
    const hidden = deps.settings.outOfReach(ids, version);
    return { values: await readSettings(deps.settings, ids.filter((id) => !hidden.has(id))), hidden };
  };
  // After every applied federation change: the status rows, read anew from Rocket.Chat.
  deps.settingChanges.addFollowUp(FEDERATION_STATUS_FOLLOW_UP, async () => {
    const { version, generations: gens } = await generations();
    const { values, hidden } = await readReachable(version, [...FEDERATION_SETTINGS.map((s) => s.id), ...STATUS_SETTINGS]);
    return renderStatus(gens, values, hidden);
  });
  const propose = (ctx: CommandContext<unknown>, result: FederationChangeResult): Promise<Reply> =>
    result.ok ? deps.settingChanges.propose(ctx, result.change) : Promise.resolve(text(result.why));
  return {
    async show() {
      const { version, generations: gens, writable } = await generations();
      const [values, info] = await Promise.all([readSettings(deps.settings, [...FEDERATION_SETTINGS.map((s) => s.id), ...CHECK_SETTINGS]), readInfoSettings(deps.settings, gens)]);
      return text(renderFederationSettings(version.text, gens, values, info, writable));
    },
    async dns() {
      const ids = ['Site_Url', 'FEDERATION_Domain', 'FEDERATION_Public_Key', 'FEDERATION_ResolvedSRV', 'FEDERATION_ResolvedPublicKeyTXT', 'FEDERATION_ResolvedProtocolTXT'];
      const { values: v, hidden } = await readReachable((await generations()).version, ids);
      if (hidden.has('FEDERATION_Domain')) return text(`The federation domain \`FEDERATION_Domain\` is ${HIDDEN_SETTING_TEXT} on this workspace's version, so the bot cannot list its DNS records.`);
      const str = (id: string) => (typeof v.get(id) === 'string' ? (v.get(id) as string) : '');
      const inputs = { siteUrl: str('Site_Url'), domain: str('FEDERATION_Domain'), publicKey: str('FEDERATION_Public_Key'), resolvedSrv: str('FEDERATION_ResolvedSRV'), resolvedPublicKeyTxt: str('FEDERATION_ResolvedPublicKeyTXT'), resolvedProtocolTxt: str('FEDERATION_ResolvedProtocolTXT') };
      const site = siteParts(inputs.siteUrl);
      const lookup = site && inputs.domain ? await lookUpFederation(lookupNames(inputs.domain, site.protocol, Boolean(inputs.resolvedProtocolTxt)), { ...(deps.dnsServers ? { servers: deps.dnsServers } : {}) }) : undefined;
      return text(renderDns(inputs, lookup));
    },
    async set(ctx, rawArgs) {
      return propose(ctx, parseSet(rawArgs, (await generations()).writable));
    },
    async toggle(ctx, rawArgs, enable) {
      return propose(ctx, parseSwitch(rawArgs, enable, (await generations()).writable));
    },
  };
}
