/**
 * Lifecycle: parts started in order are stopped in reverse, once, each under the same deadline; and
 * the process-level hooks (SIGTERM/SIGINT, unhandled rejections) that drive it in `infobot start`.
 */
import type { Logger } from 'pino';

/** Stop steps registered as parts start; stop() runs them newest first. */
export interface Lifecycle {
  onStop(name: string, step: () => Promise<unknown>): void;
  /** Runs every step once, in reverse order; a failing step is logged and the next one still runs. */
  stop(): Promise<void>;
}

/** A fresh lifecycle with no steps. */
export function createLifecycle(log: Logger): Lifecycle {
  const steps: { name: string; step: () => Promise<unknown> }[] = [];
  let stopping: Promise<void> | undefined;
  return {
    onStop(name, step) {
      steps.push({ name, step });
    },
    stop() {
      stopping ??= (async () => {
        for (const { name, step } of [...steps].reverse()) {
          try {
            await step();
            log.debug({ step: name }, 'stopped');
          } catch (error) {
            log.warn({ err: error, step: name }, 'shutdown step failed; continuing');
          }
        }
      })();
      return stopping;
    },
  };
}

/**
 * On SIGTERM or SIGINT: stop gracefully, then exit 0. A second signal exits at once with 1, for the
 * operator who does not want to wait. Returns a function that removes the handlers.
 */
export function exitOnSignals(stop: () => Promise<void>, log: Logger, exit: (code: number) => void = process.exit): () => void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    received = true;
    log.info({ signal }, 'shutting down: no new commands, finishing the ones in flight');
    stop().then(
      () => {
        log.info('shut down cleanly');
        exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

/**
 * The SDK can reject promises from socket callbacks nobody awaits (reference rocketchat-bot.md §1.10):
 * log them instead of letting Node 20 end the process; the link's reconnection recovers.
 */
export function logUnhandledRejections(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (kept running)');
  });
}
