#!/usr/bin/env node
/**
 * `infobot`: a small dispatcher over the sub-command modules in src/cli/. Each sub-command returns its exit code;
 * wrong usage prints the reason and the usage line (exit 2); nothing prints a stack trace.
 */
import { HEALTHCHECK_USAGE, runHealthcheck } from './cli/healthcheck.js';
import { type CliIo, complain, UsageError } from './cli/io.js';
import { LICENSE_CHECK_USAGE, runLicenseCheck } from './cli/license-check.js';
import { runStats, STATS_USAGE } from './cli/stats.js';

/** One sub-command: the words that select it, its usage line, and how to run it. */
interface SubCommand {
  words: string[];
  usage: string;
  /** True when the command keeps running after it returns (the bot): the dispatcher then does not exit. */
  daemon?: boolean;
  run(args: string[], io: CliIo): Promise<number>;
}

const COMMANDS: SubCommand[] = [
  { words: ['stats'], usage: STATS_USAGE, run: runStats },
  { words: ['license', 'check'], usage: LICENSE_CHECK_USAGE, run: runLicenseCheck },
  { words: ['healthcheck'], usage: HEALTHCHECK_USAGE, run: runHealthcheck },
  // Loaded on demand: the bot's modules are not needed to print statistics or check a license.
  { words: ['start'], usage: 'infobot start', daemon: true, run: async (_args, io) => (await import('./cli/start.js')).runStart(io.env) },
];

function usageText(): string {
  return `usage:\n${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}\n`;
}

function find(argv: string[]): SubCommand | undefined {
  return COMMANDS.find((c) => c.words.every((word, i) => argv[i] === word));
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<{ code: number; daemon: boolean }> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    io.stdout.write(usageText());
    return { code: argv.length === 0 ? 2 : 0, daemon: false };
  }
  const command = find(argv);
  if (!command) {
    complain(io, `unknown command "${argv.join(' ')}"`);
    io.stderr.write(usageText());
    return { code: 2, daemon: false };
  }
  try {
    const code = await command.run(argv.slice(command.words.length), io);
    return { code, daemon: command.daemon === true && code === 0 };
  } catch (error) {
    if (error instanceof UsageError) {
      complain(io, error.message);
      io.stderr.write(`usage: ${command.usage}\n`);
      return { code: 2, daemon: false };
    }
    complain(io, `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return { code: 1, daemon: false };
  }
}

const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
const { code, daemon } = await main(process.argv.slice(2), io);
if (!daemon) {
  // Let stdout drain before exiting: statistics.json can be larger than a pipe's buffer.
  process.stdout.write('', () => process.exit(code));
}
