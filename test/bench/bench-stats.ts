/**
 * `npm run bench:stats [-- --sizes medium,large --runs 3]`: times our statistics engine against Rocket.Chat's own
 * query plan (test/rc) on seeded workspaces, on the in-memory engine (or MONGO_URL). For each plan: wall time,
 * round trips, documents and bytes the client received (from the driver's command monitoring, so the figures hold
 * on any server), and the peak RSS of a process running our engine alone. The last line is one JSON object.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BSON, type CommandSucceededEvent, type Db, MongoClient } from 'mongodb';
import yargsParser from 'yargs-parser';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { computeStats } from '../../src/stats/compute.js';
import { rcStatistics } from '../rc/statistics.js';
import { DEFAULT_NOW, DEFAULT_RC_VERSION, seedWorkspace, type SeedSize } from '../support/seed/index.js';
import { startTestDb } from '../support/test-db.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What the driver saw for one run of a plan. */
interface Traffic {
  roundTrips: number;
  documents: number;
  bytes: number;
}

/** Figures of one plan on one workspace. */
interface PlanFigures extends Traffic {
  ms: number;
}

function countDocuments(reply: Record<string, unknown>): number {
  const cursor = reply.cursor as { firstBatch?: unknown[]; nextBatch?: unknown[] } | undefined;
  if (cursor) return (cursor.firstBatch ?? cursor.nextBatch ?? []).length;
  if (Array.isArray(reply.values)) return reply.values.length;
  return typeof reply.n === 'number' ? 1 : 0;
}

/** A client that tallies every command's reply. */
async function monitoredClient(url: string): Promise<{ client: MongoClient; take(): Traffic }> {
  const client = await MongoClient.connect(url, { monitorCommands: true });
  let traffic: Traffic = { roundTrips: 0, documents: 0, bytes: 0 };
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    const reply = event.reply as Record<string, unknown>;
    traffic.roundTrips += 1;
    traffic.documents += countDocuments(reply);
    traffic.bytes += BSON.calculateObjectSize(reply);
  });
  return {
    client,
    take() {
      const taken = traffic;
      traffic = { roundTrips: 0, documents: 0, bytes: 0 };
      return taken;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(run: () => Promise<unknown>, take: () => Traffic, runs: number): Promise<PlanFigures> {
  await run(); // warm-up: JIT, connection pool, the server's caches
  take();
  const times: number[] = [];
  let traffic: Traffic = { roundTrips: 0, documents: 0, bytes: 0 };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
    traffic = take();
  }
  return { ms: Math.round(median(times)), ...traffic };
}

function ours(db: Db): Promise<unknown> {
  return computeStats({
    db,
    licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
    queryTimeoutMs: 120_000,
    concurrency: 4,
    now: DEFAULT_NOW,
    parts: ['document'],
  });
}

/** Child mode: compute once and report this process's peak RSS (KiB) and the run's time. */
async function child(url: string, dbName: string): Promise<void> {
  const client = await MongoClient.connect(url);
  const started = performance.now();
  await ours(client.db(dbName));
  const ms = performance.now() - started;
  await client.close();
  process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms })}\n`);
}

function peakRss(url: string, dbName: string): Promise<{ maxRssKiB: number; ms: number }> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bench-stats.ts', '--child', '--url', url, '--db', dbName], { cwd: root });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.stderr.on('data', (chunk) => {
      err += chunk;
    });
    proc.on('close', (code) => {
      if (code !== 0) return fail(new Error(`the engine's child process failed (${code}): ${err.split('\n')[0]}`));
      done(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MiB`;

async function main(): Promise<void> {
  const args = yargsParser(process.argv.slice(2), { string: ['sizes', 'url', 'db'], number: ['runs'], boolean: ['child'] });
  if (args.child) return child(String(args.url), String(args.db));
  const sizes = String(args.sizes ?? 'medium,large').split(',') as SeedSize[];
  const runs = Number(args.runs ?? 3);
  const server = await startTestDb('memory');
  const results: Record<string, unknown> = {};
  try {
    for (const size of sizes) {
      const dbName = `bench_stats_${size}`;
      // A loaded machine can stall the in-memory server for long GC pauses while it takes a million documents:
      // give its heartbeats room so the driver does not drop the connections mid-insert.
      const seeder = await MongoClient.connect(server.url, { connectTimeoutMS: 300_000, socketTimeoutMS: 0, heartbeatFrequencyMS: 60_000 });
      await seeder.db(dbName).dropDatabase();
      const seeded = await seedWorkspace(seeder.db(dbName), { size });
      await seeder.close();
      const counts = seeded.counts;
      console.log(
        `${size}: seeded ${counts.users ?? 0} users, ${counts.rocketchat_room ?? 0} rooms, ${counts.rocketchat_message ?? 0} messages in ${seeded.seconds} s (engine ${server.engine})`,
      );

      const ourClient = await monitoredClient(server.url);
      const ourFigures = await measure(() => ours(ourClient.client.db(dbName)), ourClient.take, runs);
      await ourClient.client.close();
      const rcClient = await monitoredClient(server.url);
      const rcFigures = await measure(
        () => rcStatistics(rcClient.client.db(dbName), { version: DEFAULT_RC_VERSION, now: DEFAULT_NOW, env: {} }),
        rcClient.take,
        runs,
      );
      await rcClient.client.close();
      const rss = await peakRss(server.url, dbName);
      const ratio = Math.round((rcFigures.ms / Math.max(ourFigures.ms, 1)) * 10) / 10;
      for (const [name, f] of [
        ['ours', ourFigures],
        ['Rocket.Chat plan', rcFigures],
      ] as const) {
        console.log(`  ${name.padEnd(17)} ${String(f.ms).padStart(6)} ms  ${String(f.roundTrips).padStart(4)} round trips  ${String(f.documents).padStart(7)} documents  ${mib(f.bytes)} received`);
      }
      console.log(`  Rocket.Chat plan / ours: ${ratio}x; our engine alone peaks at ${(rss.maxRssKiB / 1024).toFixed(0)} MiB RSS`);
      results[size] = { ours: ourFigures, rocketchat: rcFigures, ratio, oursPeakRssMiB: Math.round(rss.maxRssKiB / 1024), seededCounts: counts };
    }
  } finally {
    await server.stop();
  }
  console.log(JSON.stringify({ benchmark: 'stats', engine: server.engine, runs, rcVersion: DEFAULT_RC_VERSION, results }));
}

await main().catch((error: unknown) => {
  console.error(`bench:stats failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
});
