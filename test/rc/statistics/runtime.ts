/**
 * Fields Rocket.Chat takes from its own process and from MongoDB server commands: os, process, deploy, migration,
 * instanceCount, MongoDB version/engine/oplog. Here the "server process" is the one running the reference module
 * (the emulator), with overrides for what a test wants to pin.
 */
import os from 'node:os';
import type { Db } from 'mongodb';
import type { StatsContext } from './context.js';

/** The process facts a Rocket.Chat instance reports about itself. */
export interface RcProcessInfo {
  nodeVersion: string;
  pid: number;
  uptimeSeconds: number;
  /** DEPLOY_METHOD / DEPLOY_PLATFORM of the server's environment. */
  env: NodeJS.ProcessEnv;
}

/** statistics.os, from the node:os module of this process. */
export function osInfo(): Record<string, unknown> {
  return {
    type: os.type(),
    platform: os.platform(),
    arch: os.arch(),
    release: os.release(),
    uptime: os.uptime(),
    loadavg: os.loadavg(),
    totalmem: os.totalmem(),
    freemem: os.freemem(),
    cpus: os.cpus(),
  };
}

/** getControl() without its side effect: Rocket.Chat upserts {version: 0, locked: false} when the document is missing. */
export async function migrationControl(db: Db): Promise<Record<string, unknown>> {
  const control = await db.collection<{ _id: string }>('migrations').findOne({ _id: 'control' });
  return control ?? { version: 0, locked: false };
}

/**
 * getMongoInfo(): serverStatus → version + storageEngine.name; if that throws (no privilege, or no storageEngine as
 * on both test engines), buildinfo → version with engine 'unknown'; if that throws too, both undefined.
 */
export async function mongoInfo(db: Db): Promise<{ mongoVersion?: string; mongoStorageEngine?: string }> {
  try {
    const status = await db.command({ serverStatus: 1 });
    return { mongoVersion: status.version, mongoStorageEngine: status.storageEngine.name };
  } catch {
    try {
      const build = await db.command({ buildinfo: 1 });
      return { mongoVersion: build.version, mongoStorageEngine: 'unknown' };
    } catch {
      return {};
    }
  }
}

/** os, process, deploy. */
export function collectProcess(ctx: StatsContext, info: RcProcessInfo): void {
  ctx.stats.os = osInfo();
  ctx.stats.process = { nodeVersion: info.nodeVersion, pid: info.pid, uptime: info.uptimeSeconds };
  ctx.stats.deploy = { method: info.env.DEPLOY_METHOD || 'tar', platform: info.env.DEPLOY_PLATFORM || 'selfinstall' };
}

/** migration, instanceCount (parallel), then the MongoDB and oplog fields. */
export async function collectDeployment(ctx: StatsContext, info: RcProcessInfo, oplogEnabled: boolean): Promise<void> {
  const { db, stats, now, semantics } = ctx;
  stats.migration = await migrationControl(db);
  ctx.parallel.push('instanceCount', async () => {
    // Instances that heart-beat since this process started, minus two seconds.
    const since = new Date(now.getTime() - info.uptimeSeconds * 1000 - 2000);
    stats.instanceCount = await db.collection('instances').countDocuments({ _updatedAt: { $gt: since } });
  });
  const { mongoVersion, mongoStorageEngine } = await mongoInfo(db);
  stats.msEnabled = /^(?:nats|TCP)/.test(info.env.TRANSPORTER ?? '');
  // 8.x hard-codes false; earlier versions report whether the change-stream watcher runs.
  stats.oplogEnabled = semantics.v8 ? false : oplogEnabled;
  stats.mongoVersion = mongoVersion;
  stats.mongoStorageEngine = mongoStorageEngine || '';
}
