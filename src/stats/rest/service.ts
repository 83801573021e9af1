/**
 * The statistics service for workspaces that give the bot no database access (issue 18): the same contract and typed
 * result as the database engine, from Rocket.Chat's REST API with the bot's session. Figures are Rocket.Chat's own
 * snapshot (GET statistics), so they are as fresh as it: `refresh` asks Rocket.Chat to compute a new one
 * (`refresh=true`), which is what the Info page's Refresh button does. Each endpoint's answer is kept for `ttlMs`
 * and shared while in flight, so a burst of commands costs one call per endpoint.
 */
import { hiddenSettings } from '../../rc/hidden-settings.js';
import { licenseFingerprint, verifyLicense } from '../../license/verify.js';
import { countersOf, type LicensesInfo } from '../../license/rest-counters.js';
import { hasParts, INFO_SECTIONS, type InfoSection, type PartialStatsResult, type StatsParts } from '../result.js';
import type { ServerInfo } from '../server-info.js';
import type { StatsService } from '../service.js';
import type { StatisticsSnapshot } from '../snapshot.js';
import type { StatisticsDocument } from '../statistics-types.js';
import type { FieldFailure, FieldSource } from '../types.js';
import { MissingPermissionError, readGuarded, type RestReader } from './endpoints.js';
import { readRestSnapshot } from './snapshot.js';
import {
  deploymentNeedsLicense,
  type Fetched,
  type MaxActiveUsers,
  restDeployment,
  restFederation,
  restLicense,
  restSemantics,
  restUsage,
} from './sections.js';

/** What the REST source is built from. */
export interface RestStatsDeps {
  rest: RestReader;
  /** /api/info asked with the bot's session (full only when the bot holds view-statistics). */
  serverInfo: () => Promise<ServerInfo>;
  licensePublicKey: string;
  now?: () => Date;
  /** How long an endpoint's answer is reused (default 60 s). */
  ttlMs?: number;
  log?: { warn(details: object, message: string): void };
}

/**
 * The settings each section reads through GET settings/:_id (ids as stats/settings-ids.ts's, less uniqueID: in the
 * snapshot). None for the Deployment card: its one setting, Cloud_Workspace_Id, is registered hidden in every release
 * (apps/meteor/server/settings/setup-wizard.ts, section Cloud_Info), so GET settings/:_id never answers it; Rocket.Chat's
 * own Workspace page takes it from /api/info (getServerInfo's cloudWorkspaceId), as the REST source does.
 */
const SECTION_SETTINGS: Record<InfoSection, readonly string[]> = {
  deployment: [],
  license: ['Enterprise_License', 'Enterprise_License_Status', 'Site_Url'],
  usage: [],
  federation: [
    'FEDERATION_Enabled',
    'FEDERATION_Healthy',
    'FEDERATION_Populated',
    'FEDERATION_Domain',
    'FEDERATION_Discovery_Method',
    'Federation_Matrix_homeserver_domain',
    'Federation_Matrix_configuration_status',
    'Federation_Service_Enabled',
    'Federation_Service_Domain',
  ],
};

const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';

async function settle<T>(read: Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    return { ok: false, error: oneLine(error) };
  }
}

/** Builds the REST-only statistics service. */
export function createRestStatsService(deps: RestStatsDeps): StatsService {
  const now = deps.now ?? (() => new Date());
  const ttlMs = deps.ttlMs ?? 60_000;
  const cache = new Map<string, { value: Promise<unknown>; expires: number }>();

  /** One endpoint's answer, shared while in flight and reused for ttlMs; a failure is not kept. */
  function cached<T>(key: string, refresh: boolean, read: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (!refresh && hit && hit.expires > now().getTime()) return hit.value as Promise<T>;
    const entry = { value: read() as Promise<unknown>, expires: now().getTime() + ttlMs };
    cache.set(key, entry);
    entry.value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return entry.value as Promise<T>;
  }

  const setting = (id: string, refresh: boolean) =>
    cached(`setting:${id}`, refresh, async () => {
      try {
        return (await readGuarded<{ value?: unknown }>(deps.rest, 'settings', `settings/${encodeURIComponent(id)}`)).value;
      } catch (error) {
        // A setting this version does not have (or hides) is a bare 400 failure: absent, not an error.
        if (!(error instanceof MissingPermissionError) && (error as { status?: unknown }).status === 400) return undefined;
        throw error;
      }
    });

  async function settingsOf(ids: readonly string[], refresh: boolean): Promise<ReadonlyMap<string, unknown>> {
    const values = await Promise.all(ids.map(async (id) => [id, await setting(id, refresh)] as const));
    return new Map(values.filter(([, value]) => value !== undefined));
  }

  return {
    async get(parts, options = {}) {
      const refresh = options.refresh === true;
      const asked = new Date(now());
      const everything = parts.includes('document' as never);
      const sections = everything ? INFO_SECTIONS : INFO_SECTIONS.filter((section) => parts.includes(section as never));
      // Without the snapshot there is nothing to show: its refusal is the answer (one line naming view-statistics).
      const [snapshot, serverInfo] = await Promise.all([
        cached<StatisticsSnapshot>('statistics', refresh, () => readRestSnapshot(deps.rest, { refresh })),
        settle(cached('info', refresh, deps.serverInfo)),
      ]);
      const failures: FieldFailure[] = [];
      const warnings: string[] = [];
      if (!serverInfo.ok) warnings.push(`${serverInfo.error} Fields from /api/info are missing.`);
      const facts = { snapshot, serverInfo, now: asked, failures };
      const semantics = restSemantics(snapshot, serverInfo);
      // A setting the release registers hidden is never answered (rc/hidden-settings.ts): not asked for.
      const hidden = hiddenSettings(semantics.version);
      const settingIds = [...new Set(sections.flatMap((section) => SECTION_SETTINGS[section]))].filter((id) => !hidden.has(id));
      const wants = (section: InfoSection) => sections.includes(section);
      const [settings, instances, maxActiveUsers, licensesInfo] = await Promise.all([
        settle(settingsOf(settingIds, refresh)),
        wants('deployment') ? settle(cached('instances', refresh, () => readGuarded<{ instances: Record<string, unknown>[] }>(deps.rest, 'instances.get', 'instances.get'))) : undefined,
        wants('license') ? settle(cached('maxActiveUsers', refresh, () => deps.rest.get<MaxActiveUsers>('licenses.maxActiveUsers'))) : undefined,
        wants('license') || wants('deployment') ? settle(cached('licensesInfo', refresh, () => deps.rest.get<LicensesInfo>('licenses.info', { loadValues: 'true' }))) : undefined,
      ]);
      const result: Partial<StatsParts> = {};
      const instanceList: Fetched<Record<string, unknown>[]> = instances?.ok ? { ok: true, value: instances.value.instances ?? [] } : (instances ?? { ok: false, error: 'not asked' });
      if (wants('deployment')) {
        const enterprise = deploymentNeedsLicense(snapshot, instanceList, asked) ? licensesInfo?.ok === true && licensesInfo.value.license?.hasValidLicense === true : undefined;
        result.deployment = restDeployment(facts, semantics, { instances: instanceList, ...(enterprise === undefined ? {} : { enterprise }) });
      }
      if (wants('usage')) result.usage = restUsage(snapshot);
      if (wants('federation')) result.federation = restFederation(facts, settings, hidden);
      if (wants('license')) {
        const text = settings.ok ? String(settings.value.get('Enterprise_License') ?? '').trim() : '';
        const seats: Fetched<MaxActiveUsers> = maxActiveUsers ?? { ok: false, error: 'not asked' };
        // Rocket.Chat's own counters for the verifier: licenses.info?loadValues=true, and the seat count of maxActiveUsers.
        const counters = countersOf(licensesInfo?.ok ? licensesInfo.value : undefined, seats.ok ? seats.value.activeUsers : undefined);
        const siteUrl = settings.ok ? settings.value.get('Site_Url') : undefined;
        const verdict = text
          ? await verifyLicense(text, {
              siteUrl: typeof siteUrl === 'string' && siteUrl ? siteUrl : undefined,
              counters,
              now: asked,
              publicKeyPem: deps.licensePublicKey,
              rcVersion: semantics.version.text,
            })
          : null;
        result.license = restLicense(facts, { settings, maxActiveUsers: seats }, { verdict, fingerprint: text ? licenseFingerprint(text) : null });
      }
      if (everything) result.document = documentOf(snapshot, semantics, asked);
      const answer: PartialStatsResult = {
        ...result,
        computedAt: asked,
        semantics,
        snapshotAt: snapshot.createdAt,
        origin: 'rest',
        failures,
        failed: [...new Set(failures.map((f) => f.field))],
        warnings,
      };
      if (warnings.length || failures.length) deps.log?.warn({ warnings, failed: answer.failed }, 'statistics read through REST with warnings');
      if (!hasParts(answer, parts)) throw new Error(`the REST source did not build ${parts.join(', ')}`);
      return answer;
    },
  };
}

/** statistics.json in REST-only mode: Rocket.Chat's snapshot as its API answered it, every field from that snapshot. */
function documentOf(snapshot: StatisticsSnapshot, semantics: PartialStatsResult['semantics'], asked: Date): StatisticsDocument {
  const sources: Record<string, FieldSource> = Object.fromEntries(Object.keys(snapshot.doc).map((key) => [key, 'snapshot' as const]));
  return {
    ...(snapshot.doc as unknown as StatisticsDocument),
    infobot: {
      generatedAt: asked.toISOString(),
      generator: 'rocketchat-infobot',
      semantics: { version: semantics.version.text, source: semantics.versionSource },
      snapshotAt: snapshot.createdAt.toISOString(),
      sources,
      failed: [],
      notes: [`Every value is Rocket.Chat's own statistics snapshot of ${snapshot.createdAt.toISOString()}, read through GET /api/v1/statistics (the bot has no database access).`],
    },
  };
}
