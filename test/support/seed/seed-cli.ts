/**
 * `npm run seed -- --url <mongoUrl> --db <name> --size tiny|small|medium|large [--seed N] [--rc-version 7.10.2] [--drop]`
 * Seeds a Rocket.Chat-shaped workspace and prints what it wrote. `--url` defaults to MONGO_URL.
 */
import { MongoClient } from 'mongodb';
import yargsParser from 'yargs-parser';
import { SEED_SIZES, type SeedSize, seedWorkspace } from './index.js';

const USAGE = 'usage: npm run seed -- --url mongodb://host:port/ --db <name> --size tiny|small|medium|large [--seed N] [--rc-version 7.10.2] [--drop]';

/** The URL without its password, fit for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = yargsParser(process.argv.slice(2), {
  string: ['url', 'db', 'size', 'rc-version'],
  number: ['seed'],
  boolean: ['drop', 'help'],
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const url: string | undefined = args.url || process.env.MONGO_URL;
if (!url) fail(`no MongoDB URL: pass --url or set MONGO_URL (${USAGE})`);
const size = (args.size ?? 'small') as SeedSize;
if (!SEED_SIZES.includes(size)) fail(`unknown --size "${size}": use one of ${SEED_SIZES.join(', ')}`);
const seed: number = args.seed ?? 1;
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${args.seed}"`);

let probe: MongoClient;
try {
  probe = new MongoClient(url, { serverSelectionTimeoutMS: 3000 });
} catch (error) {
  fail(`--url "${redact(url)}" is not a MongoDB URL (${(error as Error).message}): give one like mongodb://127.0.0.1:27017/`);
}
try {
  await probe.db('admin').command({ ping: 1 });
} catch (error) {
  fail(`cannot reach MongoDB at ${redact(url)} (${(error as Error).message.split('\n')[0]}): start one (npm run test-db -- start memory) or fix --url`);
} finally {
  await probe.close().catch(() => {});
}
// A server busy ingesting a large workspace (long GC pauses on the in-memory engine) must not be declared dead.
const client = new MongoClient(url, { serverSelectionTimeoutMS: 120_000, connectTimeoutMS: 120_000, serverMonitoringMode: 'poll', heartbeatFrequencyMS: 30_000 });

/** The database named in the URL's path, as Rocket.Chat reads MONGO_URL. */
const dbInUrl = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url)?.[1];
const dbName: string = args.db || (dbInUrl ? decodeURIComponent(dbInUrl) : 'rocketchat');
const db = client.db(dbName);
try {
  if (args.drop) await db.dropDatabase();
  const result = await seedWorkspace(db, { size, seed, rcVersion: args['rc-version'] });
  const total = Object.values(result.counts).reduce((sum, n) => sum + n, 0);
  console.log(`Seeded a ${size} workspace (seed ${seed}) into "${dbName}" at ${redact(url)} in ${result.seconds.toFixed(1)} s: ${total} documents`);
  for (const [collection, count] of Object.entries(result.counts).sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${collection.padEnd(48)} ${String(count).padStart(9)}`);
  }
  const { admin, user, bot } = result.accounts;
  console.log(`Accounts: ${admin.username} / ${admin.password}, ${user.username} / ${user.password}, ${bot.username} / ${bot.password}`);
  console.log(`Admin room: #${result.adminRoom.name} (${result.adminRoom._id})`);
} catch (error) {
  fail(`seeding failed: ${(error as Error).message}`);
} finally {
  await client.close();
}
