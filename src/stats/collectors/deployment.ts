/**
 * The Deployment card: facts about the Rocket.Chat *server* (never this bot's process). Version and build details
 * come from /api/info when reachable, process details from the last snapshot and the live `instances` heartbeats,
 * migration state from `migrations`, MongoDB details from the server itself.
 */
import { exactCount } from '../queries/collections.js';
import type { Outcome } from '../query-runner.js';
import type { ServerInfo } from '../server-info.js';
import { fromSnapshot, live, settingField, sourcedField } from '../sourced.js';
import { readSupportedVersions, type SupportedVersion } from '../supported-versions.js';
import type { CollectContext, Sourced } from '../types.js';

/** Rocket.Chat drops an instance's heartbeat document about a minute after its last ping (instances TTL). */
export const INSTANCE_ALIVE_MS = 60_000;

/** One Rocket.Chat server process, from its heartbeat document. */
export interface InstanceInfo {
  id: string;
  name?: string;
  pid?: number;
  host?: string;
  port?: string;
  nodeVersion?: string;
  createdAt?: Date;
  updatedAt?: Date;
  /** Heart-beat within INSTANCE_ALIVE_MS. */
  alive: boolean;
}

/** `migrations` control document: `lockedAt` is the last server start that ran the migration check, not a migration date. */
export interface MigrationInfo {
  version: number;
  locked: boolean;
  lockedAt?: Date;
  buildAt?: Date | string;
}

/** Commit details: the hash is in the database; branch and subject only in /api/info. */
export interface CommitInfo {
  hash?: string;
  branch?: string;
  subject?: string;
}

/** The deployment facts with their sources. */
export interface DeploymentInfo {
  version: Sourced<string>;
  uniqueId: Sourced<string>;
  installedAt: Sourced<string>;
  cloudWorkspaceId: Sourced<string>;
  /** Rocket.Chat's supported-versions list (the Workspace page's version tag); optional where no source can give it. */
  supportedVersions?: Sourced<SupportedVersion[]>;
  /**
   * Whether the workspace is registered with Rocket.Chat Cloud (the VersionCard's "Workspace registered" item):
   * retrieveRegistrationStatus's `!!Cloud_Workspace_Client_Id && !!Cloud_Workspace_Client_Secret`, asked as a count
   * so the secret's value is never read.
   */
  registered?: Sourced<boolean>;
  appsEngineVersion: Sourced<string>;
  nodeVersion: Sourced<string>;
  pid: Sourced<number>;
  migration: Sourced<MigrationInfo>;
  mongoVersion: Sourced<string>;
  mongoStorageEngine: Sourced<string>;
  oplogEnabled: Sourced<boolean>;
  msEnabled: Sourced<boolean>;
  commit: Sourced<CommitInfo>;
  instances: Sourced<InstanceInfo[]>;
  instanceCount: Sourced<number>;
  /**
   * Whether a valid license is installed (Rocket.Chat's `isEnterprise`), asked only when several instances run
   * without microservices, the one case the Deployment card's warnings depend on it; undefined otherwise.
   */
  enterprise?: boolean;
}

interface MongoFacts {
  version: string;
  storageEngine: string;
  replicaSet: boolean;
}

async function mongoFacts(ctx: CollectContext): Promise<Outcome<MongoFacts>> {
  return ctx.runner.run('mongoFacts', async ({ signal }) => {
    const admin = ctx.db.admin();
    // Like Rocket.Chat's getMongoInfo: serverStatus (needs the clusterMonitor role) when it names the storage engine,
    // otherwise buildInfo's version with the engine 'unknown'.
    const status = await admin.command({ serverStatus: 1 }, { signal }).catch(() => undefined);
    const engine = status?.storageEngine?.name;
    const version = typeof engine === 'string' ? status?.version : (await admin.command({ buildInfo: 1 }, { signal })).version;
    const hello = await admin.command({ hello: 1 }, { signal }).catch(() => admin.command({ isMaster: 1 }, { signal }));
    return {
      version: String(version ?? ''),
      storageEngine: typeof engine === 'string' ? engine : 'unknown',
      replicaSet: typeof hello.setName === 'string',
    };
  });
}

/**
 * The storage engine. Only serverStatus names it, and it needs clusterMonitor, which the bot's read-only user
 * usually lacks while Rocket.Chat's own user has it (app/utils/server/functions/getMongoInfo.ts): then Rocket.Chat's
 * value in its last snapshot is shown, marked as of that snapshot, rather than 'unknown' (fidelity review, finding 11).
 */
function storageEngine(ctx: CollectContext, mongo: Outcome<MongoFacts>): Sourced<string> {
  const measured = sourcedField(ctx, 'mongoStorageEngine', mongo, (facts) => facts.storageEngine);
  if (measured.source !== 'live' || measured.value !== 'unknown') return measured;
  const stored = fromSnapshot<string>(ctx, (doc) => doc.mongoStorageEngine);
  return stored.source === 'snapshot' && typeof stored.value === 'string' && stored.value !== 'unknown' ? stored : measured;
}

function migrationsDocs(ctx: CollectContext): Promise<Outcome<Record<string, Record<string, unknown>>>> {
  return ctx.runner.run('migrations', async (options) => {
    const docs = await ctx.db
      .collection<{ _id: string }>('migrations')
      .find({ _id: { $in: ['control', 'upgrade'] } }, options)
      .toArray();
    return Object.fromEntries(docs.map((doc) => [doc._id, doc as Record<string, unknown>]));
  });
}

type InstanceDoc = Omit<InstanceInfo, 'alive'>;

// The query keeps no clock: a cached answer is judged alive or stale at the time it is shown.
function instanceDocs(ctx: CollectContext): Promise<Outcome<InstanceDoc[]>> {
  return ctx.runner.run('instances', async (options) => {
    const docs = await ctx.db
      .collection('instances')
      .find({}, { ...options, projection: { name: 1, pid: 1, _createdAt: 1, _updatedAt: 1, extraInformation: 1 } })
      .toArray();
    return docs.map((doc) => {
      const extra = (doc.extraInformation ?? {}) as Record<string, unknown>;
      const updatedAt = doc._updatedAt instanceof Date ? doc._updatedAt : undefined;
      return {
        id: String(doc._id),
        name: typeof doc.name === 'string' ? doc.name : undefined,
        pid: typeof doc.pid === 'number' ? doc.pid : undefined,
        host: typeof extra.host === 'string' ? extra.host : undefined,
        port: extra.port === undefined ? undefined : String(extra.port),
        nodeVersion: typeof extra.nodeVersion === 'string' ? extra.nodeVersion : undefined,
        createdAt: doc._createdAt instanceof Date ? doc._createdAt : undefined,
        updatedAt,
      };
    });
  });
}

/**
 * Rocket.Chat's instanceCount (app/statistics/server/lib/statistics.ts): instance records updated since the computing
 * server process started, `_updatedAt > now − process.uptime() − 2 s`. The bot is not that process: its start is
 * the last snapshot's `createdAt − process.uptime`, the one Rocket.Chat process whose uptime is known. Without a
 * snapshot (or its uptime), instances that heart-beat within INSTANCE_ALIVE_MS stand in (fidelity review, finding 13).
 */
function rcInstanceCount(ctx: CollectContext, docs: readonly InstanceDoc[]): number {
  const uptime = (ctx.snapshot?.doc.process as { uptime?: unknown } | undefined)?.uptime;
  const since =
    ctx.snapshot && typeof uptime === 'number' && Number.isFinite(uptime)
      ? ctx.snapshot.createdAt.getTime() - uptime * 1000 - 2000
      : ctx.now.getTime() - INSTANCE_ALIVE_MS;
  return docs.filter((doc) => doc.updatedAt !== undefined && doc.updatedAt.getTime() > since).length;
}

function versionField(ctx: CollectContext): Sourced<string> {
  const { semantics } = ctx;
  switch (semantics.versionSource) {
    case 'override':
      return { value: semantics.version.text, source: 'override' };
    case 'api':
      return { value: semantics.version.text, source: 'api' };
    case 'snapshot':
      return { value: semantics.version.text, source: 'snapshot', asOf: ctx.snapshot?.createdAt };
    case 'assumed':
      return { value: null, source: 'unavailable' };
  }
}

const CLOUD_CREDENTIALS = ['Cloud_Workspace_Client_Id', 'Cloud_Workspace_Client_Secret'];

/** /api/info's signed list, else the server's cached copy in its settings. */
function supportedVersionsField(ctx: CollectContext, api: ServerInfo | undefined): Sourced<SupportedVersion[]> {
  const fromApi = readSupportedVersions(api?.supportedVersions?.signed);
  if (fromApi) return { value: fromApi, source: 'api' };
  return settingField(ctx, 'supportedVersions', (settings) => readSupportedVersions(settings.get('Cloud_Workspace_Supported_Versions_Token')));
}

const asString = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * Collects the deployment facts: three small queries plus settings, snapshot and /api/info; `enterprise` is asked
 * only when the card's multi-instance warnings need it.
 */
export async function collectDeployment(ctx: CollectContext, enterprise: () => Promise<boolean>): Promise<DeploymentInfo> {
  const [mongo, migrations, instanceDocsOutcome, credentials] = await Promise.all([
    mongoFacts(ctx),
    migrationsDocs(ctx),
    instanceDocs(ctx),
    exactCount(ctx.runner, 'rocketchat_settings', { _id: { $in: CLOUD_CREDENTIALS }, value: { $nin: ['', null] } }),
  ]);
  const api = ctx.serverInfo;
  const instances: Outcome<InstanceInfo[]> = instanceDocsOutcome.ok
    ? {
        ok: true,
        value: instanceDocsOutcome.value.map((doc) => ({
          ...doc,
          alive: doc.updatedAt !== undefined && ctx.now.getTime() - doc.updatedAt.getTime() <= INSTANCE_ALIVE_MS,
        })),
      }
    : instanceDocsOutcome;
  const aliveInstances = instances.ok ? instances.value.filter((instance) => instance.alive) : [];
  const snapshotProcess = fromSnapshot<{ nodeVersion?: string; pid?: number }>(ctx, (doc) => doc.process);
  const firstAlive = aliveInstances[0];
  const processField = <T>(key: 'nodeVersion' | 'pid', fromInstance: T | undefined): Sourced<T> => {
    const value = snapshotProcess.value?.[key] as T | undefined;
    if (value !== undefined) return { value, source: 'snapshot', asOf: snapshotProcess.asOf };
    return fromInstance === undefined ? { value: null, source: 'unavailable' } : live(fromInstance);
  };
  const oplogEnabled: Sourced<boolean> = ctx.semantics.oplogAlwaysDisabled
    ? live(false)
    : (() => {
        const fromSnap = fromSnapshot<boolean>(ctx, (doc) => doc.oplogEnabled);
        if (fromSnap.source === 'snapshot') return fromSnap;
        // No snapshot: Rocket.Chat runs its change-stream watcher on replica sets.
        return sourcedField(ctx, 'oplogEnabled', mongo, (facts) => facts.replicaSet);
      })();
  const msEnabled = fromSnapshot<boolean>(ctx, (doc) => doc.msEnabled);
  const counted = instances.ok ? rcInstanceCount(ctx, instances.value) : aliveInstances.length;
  const needsLicense = counted > 1 && msEnabled.value !== true;
  const apiCommit = api?.info?.commit;
  const appsEngine = asString(api?.info?.marketplaceApiVersion);
  const cloudWorkspaceId = asString(api?.cloudWorkspaceId);
  return {
    version: versionField(ctx),
    uniqueId: settingField(ctx, 'uniqueId', (settings) => asString(settings.get('uniqueID'))),
    installedAt: settingField(ctx, 'installedAt', (settings) => {
      const createdAt = settings.doc('uniqueID')?.createdAt;
      return createdAt instanceof Date ? createdAt.toISOString() : undefined;
    }),
    cloudWorkspaceId: cloudWorkspaceId
      ? { value: cloudWorkspaceId, source: 'api' }
      : settingField(ctx, 'cloudWorkspaceId', (settings) => asString(settings.get('Cloud_Workspace_Id'))),
    supportedVersions: supportedVersionsField(ctx, api),
    registered: sourcedField(ctx, 'registered', credentials, (count) => count === CLOUD_CREDENTIALS.length),
    appsEngineVersion: appsEngine
      ? { value: appsEngine, source: 'api' }
      : fromSnapshot<string>(ctx, (doc) => asString((doc.apps as { engineVersion?: unknown } | undefined)?.engineVersion)),
    nodeVersion: processField<string>('nodeVersion', firstAlive?.nodeVersion),
    pid: processField<number>('pid', firstAlive?.pid),
    migration: sourcedField(ctx, 'migration', migrations, (docs) => {
      const control = docs.control ?? {};
      return {
        version: typeof control.version === 'number' ? control.version : 0,
        locked: control.locked === true,
        lockedAt: control.lockedAt instanceof Date ? control.lockedAt : undefined,
        buildAt: control.buildAt instanceof Date || typeof control.buildAt === 'string' ? control.buildAt : undefined,
      };
    }),
    mongoVersion: sourcedField(ctx, 'mongoVersion', mongo, (facts) => facts.version),
    mongoStorageEngine: storageEngine(ctx, mongo),
    oplogEnabled,
    msEnabled,
    commit: sourcedField(ctx, 'commit', migrations, (docs) => ({
      hash: asString(apiCommit?.hash) ?? asString(docs.upgrade?.hash),
      branch: asString(apiCommit?.branch),
      subject: asString(apiCommit?.subject),
    })),
    instances: sourcedField(ctx, 'instances', instances, (list) => list),
    instanceCount: sourcedField(ctx, 'instanceCount', instances, (docs) => rcInstanceCount(ctx, docs)),
    ...(needsLicense ? { enterprise: await enterprise() } : {}),
  };
}
