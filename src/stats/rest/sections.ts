/**
 * The four Info sections and statistics.json built from what Rocket.Chat's REST API answered, into the same typed
 * result the database engine gives. Pure: the fetching is service.ts's. Each fetch either answered or failed; a failed
 * fetch marks only the fields it feeds (with the snapshot standing in where it holds the same figure).
 */
import { INSTANCE_ALIVE_MS, type DeploymentInfo, type InstanceInfo, type MigrationInfo } from '../collectors/deployment.js';
import { federationChecks, type FederationInfo } from '../collectors/federation.js';
import type { LicenseInfo } from '../collectors/license.js';
import type { UsageInfo } from '../collectors/usage.js';
import { HIDDEN_SETTING_TEXT } from '../../rc/hidden-settings.js';
import type { ServerInfo } from '../server-info.js';
import type { StatisticsSnapshot } from '../snapshot.js';
import type { MatrixFederationStatistics } from '../statistics-types.js';
import type { FieldFailure, FieldSource, Sourced } from '../types.js';
import { resolveSemantics, type Semantics } from '../version.js';
import { usageFromSnapshot } from './snapshot.js';

/** One REST read: its answer, or why it failed (one line). */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: string };

/** licenses.maxActiveUsers' answer (ee/server/api/licenses.ts). */
export interface MaxActiveUsers {
  maxActiveUsers: number | null;
  activeUsers: number;
}

/** What the sections are built from. */
export interface RestFacts {
  snapshot: StatisticsSnapshot;
  serverInfo: Fetched<ServerInfo>;
  now: Date;
  /** Failures are recorded here. */
  failures: FieldFailure[];
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const bool = (value: unknown) => value === true;

function fromSnapshot<T>(snapshot: StatisticsSnapshot, pick: (doc: Record<string, unknown>) => unknown): Sourced<T> {
  const value = pick(snapshot.doc);
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) return { value: null, source: 'unavailable' };
  return { value: value as T, source: 'snapshot', asOf: snapshot.createdAt };
}

/** A figure read now through REST, or the snapshot's (marked as of its date) when the read failed. */
function restField<Q, T>(facts: RestFacts, name: string, fetched: Fetched<Q>, derive: (value: Q) => T | undefined, snapshotKey?: string): Sourced<T> {
  if (fetched.ok) {
    const value = derive(fetched.value);
    return value === undefined ? { value: null, source: 'unavailable' } : { value, source: 'live' };
  }
  const fallback = snapshotKey ? fromSnapshot<T>(facts.snapshot, (doc) => doc[snapshotKey]) : ({ value: null, source: 'unavailable' } as Sourced<T>);
  facts.failures.push({ field: name, error: fetched.error, fallback: fallback.source === 'snapshot' ? 'snapshot' : 'none' });
  return fallback.source === 'snapshot' ? { ...fallback, error: fetched.error } : { value: null, source: 'failed', error: fetched.error };
}

/** The version whose meanings apply: /api/info's full version (view-statistics), else the snapshot's. */
export function restSemantics(snapshot: StatisticsSnapshot, serverInfo: Fetched<ServerInfo>): Semantics {
  const info = serverInfo.ok ? serverInfo.value : undefined;
  const snapshotVersion = text(snapshot.doc.version);
  const apiVersion = info?.info?.version ?? info?.version;
  // Anonymous /api/info only says major.minor: the snapshot's full version wins on the same release line.
  const trimmed = apiVersion !== undefined && !info?.info && snapshotVersion?.startsWith(`${apiVersion}.`);
  return resolveSemantics({ api: trimmed ? undefined : apiVersion, snapshot: snapshotVersion });
}

/** An instances.get entry's record: 7.x+ nests it in `instanceRecord`, older servers spread it (v1/instances.ts). */
function instanceOf(entry: Record<string, unknown>, now: Date): InstanceInfo {
  const record = (entry.instanceRecord ?? entry) as Record<string, unknown>;
  const extra = (record.extraInformation ?? {}) as Record<string, unknown>;
  const date = (value: unknown) => (typeof value === 'string' || value instanceof Date ? new Date(value) : undefined);
  const updatedAt = date(record._updatedAt);
  return {
    id: String(record._id),
    name: text(record.name),
    pid: typeof record.pid === 'number' ? record.pid : undefined,
    host: text(extra.host),
    port: extra.port === undefined ? undefined : String(extra.port),
    nodeVersion: text(extra.nodeVersion),
    createdAt: date(record._createdAt),
    updatedAt,
    // The same heartbeat rule as the database engine: Rocket.Chat drops a record a minute after its last ping.
    alive: updatedAt !== undefined && now.getTime() - updatedAt.getTime() <= INSTANCE_ALIVE_MS,
  };
}

/** The Deployment section: the snapshot's server facts, /api/info's build, instances.get's heartbeats. */
export function restDeployment(
  facts: RestFacts,
  semantics: Semantics,
  fetched: { instances: Fetched<Record<string, unknown>[]>; enterprise?: boolean },
): DeploymentInfo {
  const { snapshot, now } = facts;
  const api = facts.serverInfo.ok ? facts.serverInfo.value : undefined;
  const instances: Fetched<InstanceInfo[]> = fetched.instances.ok ? { ok: true, value: fetched.instances.value.map((entry) => instanceOf(entry, now)) } : fetched.instances;
  const alive = instances.ok ? instances.value.filter((instance) => instance.alive) : [];
  const process = (snapshot.doc.process ?? {}) as Record<string, unknown>;
  const migration = snapshot.doc.migration as Record<string, unknown> | undefined;
  const apiSource: FieldSource = 'api';
  const version: Sourced<string> =
    semantics.versionSource === 'api'
      ? { value: semantics.version.text, source: apiSource }
      : semantics.versionSource === 'snapshot'
        ? { value: semantics.version.text, source: 'snapshot', asOf: snapshot.createdAt }
        : { value: null, source: 'unavailable' };
  const cloudId = text(api?.cloudWorkspaceId);
  const appsEngine = text(api?.info?.marketplaceApiVersion);
  const commit = api?.info?.commit;
  return {
    version,
    uniqueId: fromSnapshot(snapshot, (doc) => text(doc.uniqueId)),
    installedAt: fromSnapshot(snapshot, (doc) => text(doc.installedAt)),
    // Only /api/info gives it (the setting is hidden from GET settings/:_id); without it the row is left out, as on Rocket.Chat's page.
    cloudWorkspaceId: { value: cloudId ?? null, source: apiSource },
    appsEngineVersion: appsEngine
      ? { value: appsEngine, source: apiSource }
      : fromSnapshot(snapshot, (doc) => text((doc.apps as { engineVersion?: unknown } | undefined)?.engineVersion)),
    nodeVersion: fromSnapshot(snapshot, () => text(process.nodeVersion)),
    pid: fromSnapshot(snapshot, () => (typeof process.pid === 'number' ? process.pid : undefined)),
    migration: fromSnapshot<MigrationInfo>(snapshot, () =>
      migration
        ? {
            version: typeof migration.version === 'number' ? migration.version : 0,
            locked: migration.locked === true,
            lockedAt: typeof migration.lockedAt === 'string' ? new Date(migration.lockedAt) : undefined,
            buildAt: typeof migration.buildAt === 'string' ? migration.buildAt : undefined,
          }
        : undefined,
    ),
    mongoVersion: fromSnapshot(snapshot, (doc) => text(doc.mongoVersion)),
    mongoStorageEngine: fromSnapshot(snapshot, (doc) => text(doc.mongoStorageEngine)),
    oplogEnabled: fromSnapshot(snapshot, (doc) => doc.oplogEnabled),
    msEnabled: fromSnapshot(snapshot, (doc) => doc.msEnabled),
    // The commit is only in the server build (/api/info for a caller holding view-statistics).
    commit: commit ? { value: { hash: text(commit.hash), branch: text(commit.branch), subject: text(commit.subject) }, source: apiSource } : { value: null, source: 'unavailable' },
    instances: restField(facts, 'instances', instances, (list) => list),
    instanceCount: restField(facts, 'instanceCount', instances, () => alive.length, 'instanceCount'),
    ...(fetched.enterprise === undefined ? {} : { enterprise: fetched.enterprise }),
  };
}

/** Whether the Deployment card's multi-instance warnings need to know if a valid license is installed. */
export function deploymentNeedsLicense(snapshot: StatisticsSnapshot, instances: Fetched<Record<string, unknown>[]>, now: Date): boolean {
  const alive = instances.ok ? instances.value.map((entry) => instanceOf(entry, now)).filter((instance) => instance.alive).length : 0;
  return alive > 1 && snapshot.doc.msEnabled !== true;
}

/** The License section: the installed license (setting) judged by the bot's verifier, seats from licenses.maxActiveUsers. */
export function restLicense(
  facts: RestFacts,
  fetched: { settings: Fetched<ReadonlyMap<string, unknown>>; maxActiveUsers: Fetched<MaxActiveUsers> },
  judged: Pick<LicenseInfo, 'verdict' | 'fingerprint'>,
): LicenseInfo {
  return {
    installed: restField(facts, 'licenseInstalled', fetched.settings, (s) => String(s.get('Enterprise_License') ?? '').trim().length > 0),
    ...judged,
    status: restField(facts, 'licenseStatus', fetched.settings, (s) => String(s.get('Enterprise_License_Status') ?? '')),
    siteUrl: restField(facts, 'siteUrl', fetched.settings, (s) => text(s.get('Site_Url'))),
    // Users.getActiveLocalUserCount(), the seat counter, as Rocket.Chat counts it now; the snapshot's when refused.
    activeUsers: restField(facts, 'activeUsers', fetched.maxActiveUsers, (m) => m.activeUsers, 'activeUsers'),
    activeGuests: fromSnapshot(facts.snapshot, (doc) => doc.activeGuests),
  };
}

/**
 * The Federation section: settings read now, counts from the snapshot. `hidden`: the settings this release registers
 * hidden (rc/hidden-settings.ts), which GET settings/:_id never answers: out of reach, not unset.
 */
export function restFederation(facts: RestFacts, settings: Fetched<ReadonlyMap<string, unknown>>, hidden: ReadonlySet<string> = new Set()): FederationInfo {
  const { snapshot } = facts;
  const outOfReach = { value: null, source: 'unavailable', error: HIDDEN_SETTING_TEXT } as const;
  const setting = <T>(name: string, read: (s: ReadonlyMap<string, unknown>) => T | undefined) => restField(facts, name, settings, read);
  const stored = (name: string, id: string): Sourced<string> => (hidden.has(id) ? outOfReach : setting(name, (s) => text(s.get(id))));
  return {
    enabled: setting('federationEnabled', (s) => bool(s.get('FEDERATION_Enabled'))),
    domain: stored('federationDomain', 'FEDERATION_Domain'),
    discoveryMethod: stored('federationDiscoveryMethod', 'FEDERATION_Discovery_Method'),
    checks: settings.ok
      ? federationChecks(bool(settings.value.get('FEDERATION_Enabled')), bool(settings.value.get('FEDERATION_Healthy')), bool(settings.value.get('FEDERATION_Populated')))
      : null,
    federatedServers: fromSnapshot(snapshot, (doc) => doc.federatedServers),
    federatedUsers: fromSnapshot(snapshot, (doc) => doc.federatedUsers),
    matrix: fromSnapshot<MatrixFederationStatistics>(snapshot, (doc) => doc.matrixFederation),
    matrixConfigurationStatus: stored('matrixConfigurationStatus', 'Federation_Matrix_configuration_status'),
    matrixHomeserverDomain: setting('matrixHomeserverDomain', (s) => text(s.get('Federation_Matrix_homeserver_domain'))),
    nativeEnabled: setting('nativeFederationEnabled', (s) => (s.has('Federation_Service_Enabled') ? bool(s.get('Federation_Service_Enabled')) : undefined)),
    nativeDomain: setting('nativeFederationDomain', (s) => text(s.get('Federation_Service_Domain'))),
  };
}

/** The Usage section: the snapshot's figures, each as of its date. */
export function restUsage(snapshot: StatisticsSnapshot): UsageInfo {
  return usageFromSnapshot(snapshot);
}
