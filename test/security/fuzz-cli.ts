/**
 * `npm run fuzz -- --runs N [--licenses M] [--seed S] [--lanes L]`: the fuzz suite (fuzz.db.test.ts) with a longer run than CI's.
 * N hostile commands and M mutated licenses (default N/10) through the real bot; prints the counts it ran.
 */
import { spawnSync } from 'node:child_process';
import yargsParser from 'yargs-parser';

const args = yargsParser(process.argv.slice(2), { number: ['runs', 'licenses', 'seed', 'lanes'] });
const runs = Math.max(1, Number(args.runs ?? 1_000));
const env = {
  ...process.env,
  FUZZ_RUNS: String(runs),
  FUZZ_LICENSE_RUNS: String(Math.max(1, Number(args.licenses ?? Math.floor(runs / 10)))),
  ...(args.seed !== undefined ? { FUZZ_SEED: String(args.seed) } : {}),
  // How many messages are in flight at once (default 2).
  ...(args.lanes !== undefined ? { FUZZ_LANES: String(args.lanes) } : {}),
  // The suite's own timeouts scale with the run count.
  FUZZ_TIMEOUT_MS: String(Math.max(600_000, runs * 2_000)),
};
// --expose-gc: the suite collects the harness's garbage before timing the bot's steps on a large message.
const result = spawnSync('npx', ['vitest', 'run', 'test/security/fuzz.db.test.ts', '--execArgv=--expose-gc'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
