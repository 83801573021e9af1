/**
 * `npm run bench:stats [-- --sizes small,medium,large --runs 5]`: our statistics engine against Rocket.Chat's own
 * query plans (test/rc) on workspaces seeded with Rocket.Chat's indexes, on the in-memory engine (or MONGO_URL):
 *   (a) the four Info cards, and each card alone: our per-card plan vs Rocket.Chat's queries for the same fields;
 *   (b) the whole statistics.json: ours vs Rocket.Chat's statistics.get().
 * For each: wall time (median of the runs, ours and Rocket.Chat's alternating, after the server settled and one warm-up;
 * every run cold: no figure cache), round trips, documents and bytes the client received (driver command monitoring,
 * so they hold on any server), documents examined (from the server's explain on a real MongoDB; on the test engines,
 * which cannot explain, the model of examined-model.ts: what MongoDB's planner would fetch with the seeded Rocket.Chat
 * indexes), documents the test engine itself scans (it uses no secondary index: every filtered query reads its
 * collection), and the peak RSS of a process running that plan alone. Prints the machine's load, a table with the ratios, then one JSON line.
 * `--queries N`: under each row, the N longest queries of each side's last run (server time, start offset, command),
 * to see what a plan's time is made of and where its floor is.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BSON, type CommandStartedEvent, type CommandSucceededEvent, type Db, type Document, MongoClient } from 'mongodb';
import yargsParser from 'yargs-parser';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { computeStats } from '../../src/stats/compute.js';
import { INFO_SECTIONS, type InfoSection, type StatsPart } from '../../src/stats/result.js';
import { rcInfoCardsPlan } from '../rc/info-cards.js';
import { rcStatistics } from '../rc/statistics.js';
import { DEFAULT_NOW, DEFAULT_RC_VERSION, seedWorkspace, type SeedSize } from '../support/seed/index.js';
import { startTestDb } from '../support/test-db.js';
import { ExaminedModel } from './examined-model.js';
import { defaultStatsConcurrency } from '../../src/stats/query-gate.js';
import { loadavg } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The budget our engine gives each query in production; a bench run that hits it is reported. */
const QUERY_BUDGET_MS = 10_000;

/** What the driver saw for one run of a plan. */
interface Traffic {
  roundTrips: number;
  documents: number;
  bytes: number;
  /** Documents MongoDB would examine: its explain on a real server, the index model on the test engines. */
  examined: number;
  /** Documents the test engine reads (every filtered query scans its collection there). */
  scanned: number;
}

/** One query of a run: how long the server took, when it started after the run's first query, what it was. */
interface QueryTiming {
  ms: number;
  startMs: number;
  text: string;
}

/** What the driver saw for one run, with its queries. */
interface Measured extends Traffic {
  queries: QueryTiming[];
}

/** Figures of one plan on one workspace. */
interface PlanFigures extends Traffic {
  ms: number;
  peakRssMiB?: number;
}

/** A plan: what to run, by name (the child process runs it by the same name). */
type PlanName = `ours:${string}` | `rc:${string}`;

function replyDocuments(reply: Record<string, unknown>): number {
  const cursor = reply.cursor as { firstBatch?: unknown[]; nextBatch?: unknown[] } | undefined;
  if (cursor) return (cursor.firstBatch ?? cursor.nextBatch ?? []).length;
  if (Array.isArray(reply.values)) return reply.values.length;
  return typeof reply.n === 'number' ? 1 : 0;
}

const QUERY_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct']);

/** Whether a query command reads documents (a count without a query is answered from collection metadata). */
function readsDocuments(event: CommandStartedEvent): boolean {
  const command = event.command as Document;
  if (event.commandName === 'count') return command.query !== undefined && Object.keys(command.query as object).length > 0;
  if (event.commandName === 'aggregate' && Array.isArray(command.pipeline)) {
    const first = (command.pipeline as Document[])[0];
    // estimatedDocumentCount is `count`; an aggregate always reads (unless it starts with $collStats).
    return !(first && '$collStats' in first);
  }
  return true;
}

/** A client that tallies every command; `examined` uses explain on MongoDB, the index model on the test engines. */
async function monitoredClient(
  url: string,
  dbName: string,
  explainable: boolean,
): Promise<{ client: MongoClient; take(): Promise<Measured>; close(): Promise<void> }> {
  const client = await MongoClient.connect(url, { monitorCommands: true });
  const sizes = new Map<string, number>();
  for (const info of await client.db(dbName).listCollections({}, { nameOnly: true }).toArray()) {
    sizes.set(info.name, await client.db(dbName).collection(info.name).countDocuments({}));
  }
  let traffic: Traffic = { roundTrips: 0, documents: 0, bytes: 0, examined: 0, scanned: 0 };
  let started: CommandStartedEvent[] = [];
  let queries: QueryTiming[] = [];
  const startedAt = new Map<number, { at: number; text: string }>();
  client.on('commandStarted', (event: CommandStartedEvent) => {
    if (!QUERY_COMMANDS.has(event.commandName) || event.databaseName !== dbName) return;
    started.push(event);
    const command = event.command as Document;
    const shape = JSON.stringify(command.pipeline ?? command.query ?? command.filter ?? {});
    startedAt.set(event.requestId, { at: performance.now(), text: `${event.commandName} ${String(command[event.commandName])} ${shape}`.slice(0, 120) });
  });
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    const query = startedAt.get(event.requestId);
    if (query) {
      startedAt.delete(event.requestId);
      queries.push({ ms: Math.round(event.duration), startMs: query.at, text: query.text });
    }
    const reply = event.reply as Record<string, unknown>;
    traffic.roundTrips += 1;
    traffic.documents += replyDocuments(reply);
    traffic.bytes += BSON.calculateObjectSize(reply);
  });
  const explainClient = explainable ? await MongoClient.connect(url) : undefined;
  const modelClient = await MongoClient.connect(url);
  const model = new ExaminedModel(modelClient.db(dbName));
  return {
    client,
    async close() {
      await Promise.all([client.close(), modelClient.close(), explainClient?.close()]);
    },
    async take() {
      const first = Math.min(...queries.map((q) => q.startMs));
      const taken: Measured = { ...traffic, queries: queries.map((q) => ({ ...q, startMs: Math.round(q.startMs - first) })) };
      const commands = started;
      traffic = { roundTrips: 0, documents: 0, bytes: 0, examined: 0, scanned: 0 };
      started = [];
      queries = [];
      for (const event of commands) {
        if (!readsDocuments(event)) continue;
        const collection = String((event.command as Document)[event.commandName]);
        taken.scanned += sizes.get(collection) ?? 0;
        if (explainClient) {
          const { lsid: _l, $clusterTime: _c, $db: _d, $readPreference: _r, ...command } = event.command as Document;
          const plan = await explainClient
            .db(dbName)
            .command({ explain: command, verbosity: 'executionStats' })
            .catch(() => undefined);
          taken.examined += plan ? Number(plan.executionStats?.totalDocsExamined ?? 0) : (sizes.get(collection) ?? 0);
        } else {
          taken.examined += await model.examined(event);
        }
      }
      return taken;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function planRunner(db: Db, name: PlanName): () => Promise<unknown> {
  const [side, what] = name.split(':') as ['ours' | 'rc', string];
  const sections = (what === 'cards' ? INFO_SECTIONS : [what]) as InfoSection[];
  if (side === 'ours') {
    const parts: readonly StatsPart[] = what === 'document' ? ['document'] : sections;
    return async () => {
      const result = await computeStats({
        db,
        parts,
        licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
        queryTimeoutMs: QUERY_BUDGET_MS,
        concurrency: defaultStatsConcurrency(),
        now: DEFAULT_NOW,
      });
      const timedOut = result.failures.filter((f) => /timed out/.test(f.error)).map((f) => f.field);
      if (timedOut.length) console.log(`    ! ${name}: ${timedOut.length} fields hit the ${QUERY_BUDGET_MS} ms budget (${[...new Set(timedOut)].join(', ')})`);
      return result;
    };
  }
  if (what === 'document') return () => rcStatistics(db, { version: DEFAULT_RC_VERSION, now: DEFAULT_NOW, env: {} });
  return () => rcInfoCardsPlan(db, sections, { version: DEFAULT_RC_VERSION, now: DEFAULT_NOW, publicKeyPem: ROCKETCHAT_LICENSE_PUBLIC_KEY });
}

/**
 * Ours and Rocket.Chat's plan, measured in alternation (ours first on even runs, theirs on odd ones) after one warm-up
 * each: whatever the server is still doing (its JIT after seeding, another process's load) falls on both sides alike instead of on whichever plan is measured first.
 */
async function measurePair(
  ours: () => Promise<unknown>,
  rc: () => Promise<unknown>,
  take: () => Promise<Measured>,
  runs: number,
): Promise<[PlanFigures & Measured, PlanFigures & Measured]> {
  const side = (run: () => Promise<unknown>) => ({ run, times: [] as number[], traffic: { roundTrips: 0, documents: 0, bytes: 0, examined: 0, scanned: 0, queries: [] } as Measured });
  const sides = [side(ours), side(rc)] as const;
  for (const next of sides) await next.run(); // warm-up: JIT, connection pool, the server's caches
  await take();
  for (let i = 0; i < runs; i++) {
    for (const next of i % 2 === 0 ? sides : [sides[1], sides[0]]) {
      const started = performance.now();
      await next.run();
      next.times.push(performance.now() - started);
      next.traffic = await take();
    }
  }
  const figures = (done: (typeof sides)[number]): PlanFigures & Measured => ({ ms: Math.round(median(done.times)), ...done.traffic });
  return [figures(sides[0]), figures(sides[1])];
}

/** Unmeasured rounds of the four cards (both sides) before a workspace's table: at least, at most. */
const SETTLING_ROUNDS = { min: 3, max: 8 };

/**
 * The server's own warm-up after seeding (on the in-memory engine its JIT: its garbage collection stayed flat, per
 * jstat) made whichever plan came first 2-10x slower for several seconds, so the four cards measured first took twice
 * the sum of the single cards. The four cards of both sides take it instead of a measured plan, round after round
 * until ours stops getting faster (a round at least 80 % of the fastest before it).
 */
async function settle(db: Db): Promise<void> {
  const [ours, rc] = [planRunner(db, 'ours:cards'), planRunner(db, 'rc:cards')];
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < SETTLING_ROUNDS.max; round++) {
    const started = performance.now();
    await ours();
    const ms = performance.now() - started;
    await rc();
    if (round + 1 >= SETTLING_ROUNDS.min && ms >= fastest * 0.8) return;
    fastest = Math.min(fastest, ms);
  }
}

/** Child mode: run one plan once and report this process's peak RSS (KiB). */
async function child(url: string, dbName: string, plan: PlanName): Promise<void> {
  const client = await MongoClient.connect(url);
  await planRunner(client.db(dbName), plan)();
  await client.close();
  process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

function peakRssMiB(url: string, dbName: string, plan: PlanName): Promise<number> {
  return new Promise((done, fail) => {
    const args = ['--import', 'tsx', 'test/bench/bench-stats.ts', '--child', '--url', url, '--db', dbName, '--plan', plan];
    const proc = spawn(process.execPath, args, { cwd: root });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.stderr.on('data', (chunk) => {
      err += chunk;
    });
    proc.on('close', (code) => {
      if (code !== 0) return fail(new Error(`the ${plan} child process failed (${code}): ${err.split('\n')[0]}`));
      const { maxRssKiB } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { maxRssKiB: number };
      done(Math.round(maxRssKiB / 1024));
    });
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 10) / 10;

async function main(): Promise<void> {
  const args = yargsParser(process.argv.slice(2), { string: ['sizes', 'url', 'db', 'plan', 'plans'], number: ['runs', 'queries'], boolean: ['child'] });
  if (args.child) return child(String(args.url), String(args.db), String(args.plan) as PlanName);
  const sizes = String(args.sizes ?? 'small,medium').split(',') as SeedSize[];
  const runs = Math.max(5, Number(args.runs ?? 5));
  const longestShown = Math.max(0, Number(args.queries ?? 0));
  const server = await startTestDb('memory');
  // MONGO_URL points at a real MongoDB, which explains; the test engines do not.
  const explainable = server.engine === 'external';
  const results: Record<string, unknown> = {};
  const all: [label: string, what: string][] = [
    ['four cards', 'cards'],
    ...INFO_SECTIONS.map((section): [string, string] => [`${section} card`, section]),
    ['statistics.json', 'document'],
  ];
  // --plans cards,usage,…: only those comparisons (the whole document takes minutes on the large workspace).
  const comparisons = all.filter(([, what]) => args.plans === undefined || String(args.plans).split(',').includes(what));
  console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} on ${defaultStatsConcurrency()} cores (statistics concurrency ${defaultStatsConcurrency()})`);
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
        `${size}: seeded ${counts.users ?? 0} users, ${counts.rocketchat_room ?? 0} rooms, ${counts.rocketchat_message ?? 0} messages in ${seeded.seconds} s (engine ${server.engine}, ${runs} runs each)`,
      );
      console.log(`  ${'plan'.padEnd(16)} ${'ours ms'.padStart(8)} ${'RC ms'.padStart(8)} ${'×'.padStart(6)}  ${'trips'.padStart(9)}  ${'docs recv'.padStart(15)}  ${'bytes recv'.padStart(25)} ${'bytes ×'.padStart(8)}  ${'docs examined'.padStart(21)}  ${'docs scanned here'.padStart(21)}  ${'peak RSS MiB'.padStart(12)}`);
      const monitored = await monitoredClient(server.url, dbName, explainable);
      const db = monitored.client.db(dbName);
      await settle(db);
      await monitored.take();
      const sizeResults: Record<string, { ours: PlanFigures; rocketchat: PlanFigures; speedup: number; bytesRatio: number }> = {};
      for (const [label, what] of comparisons) {
        const oursPlan = `ours:${what}` as PlanName;
        const rcPlan = `rc:${what}` as PlanName;
        const [{ queries: oursQueries, ...ours }, { queries: rcQueries, ...rc }] = await measurePair(planRunner(db, oursPlan), planRunner(db, rcPlan), monitored.take, runs);
        if (what === 'cards' || what === 'document') {
          ours.peakRssMiB = await peakRssMiB(server.url, dbName, oursPlan);
          rc.peakRssMiB = await peakRssMiB(server.url, dbName, rcPlan);
        }
        const speedup = ratio(rc.ms, ours.ms);
        const bytesRatio = Math.round((ours.bytes / Math.max(rc.bytes, 1)) * 1000) / 1000;
        sizeResults[what] = { ours, rocketchat: rc, speedup, bytesRatio };
        console.log(
          `  ${label.padEnd(16)} ${String(ours.ms).padStart(8)} ${String(rc.ms).padStart(8)} ${`${speedup}x`.padStart(6)}  ${`${ours.roundTrips}/${rc.roundTrips}`.padStart(9)}  ${`${ours.documents}/${rc.documents}`.padStart(15)}  ${`${kib(ours.bytes)}/${kib(rc.bytes)}`.padStart(25)} ${bytesRatio.toFixed(3).padStart(8)}  ${`${ours.examined}/${rc.examined}`.padStart(21)}  ${`${ours.scanned}/${rc.scanned}`.padStart(21)}  ${ours.peakRssMiB === undefined ? '' : `${ours.peakRssMiB}/${rc.peakRssMiB}`.padStart(12)}`,
        );
        if (longestShown > 0) {
          for (const [name, queries] of [['ours', oursQueries], ['RC', rcQueries]] as const) {
            for (const query of [...queries].sort((a, b) => b.ms - a.ms).slice(0, longestShown)) {
              console.log(`      ${name.padEnd(4)} ${String(query.ms).padStart(6)} ms  @${String(query.startMs).padStart(6)} ms  ${query.text}`);
            }
          }
        }
      }
      await monitored.close();
      results[size] = { ...sizeResults, seededCounts: counts };
    }
  } finally {
    await server.stop();
  }
  console.log('  (each cell: ours/Rocket.Chat; × = Rocket.Chat ms / ours ms; bytes × = ours / Rocket.Chat)');
  console.log(JSON.stringify({ benchmark: 'stats', engine: server.engine, runs, rcVersion: DEFAULT_RC_VERSION, examined: explainable ? 'explain' : 'index-model', results }));
}

await main().catch((error: unknown) => {
  console.error(`bench:stats failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
});
