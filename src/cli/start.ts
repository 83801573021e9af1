/**
 * `infobot start`: configuration from the environment, the bot, and a graceful exit on SIGTERM/SIGINT.
 * A bad configuration prints every problem with its fix and exits 2, before anything connects.
 */
import { ConfigError, loadConfig } from '../config.js';
import { exitOnSignals, logUnhandledRejections } from '../lifecycle.js';
import { createLogger } from '../log.js';
import { startBot } from '../main.js';

/** Runs the bot until a signal stops it; returns the exit code for start-up failures. */
export async function runStart(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`infobot: ${error.message}\n`);
    return 2;
  }
  const log = createLogger(config.logLevel);
  logUnhandledRejections(log);
  try {
    const bot = await startBot(config, { log });
    exitOnSignals(() => bot.stop(), log);
    return 0;
  } catch (error) {
    log.fatal({ err: error }, `infobot could not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
