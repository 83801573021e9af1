/**
 * Liveness: the process answers and its event loop is responsive. A request that reaches /livez proves the loop turns;
 * the loop's worst delay over the last window (node:perf_hooks) tells whether it turns in time, so a process stuck in
 * long synchronous work fails the probe even on the turns where it does answer.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What /livez shows. */
export interface LivenessReport {
  alive: boolean;
  /** The longest event-loop delay over the last window, in milliseconds. */
  eventLoopDelayMs: number;
}

/** The running monitor. */
export interface Liveness {
  current(): LivenessReport;
  stop(): void;
}

/** Starts measuring; `maxDelayMs` is the delay beyond which the process counts as stuck (default 5 s). */
export function createLiveness(options: { maxDelayMs?: number; windowMs?: number } = {}): Liveness {
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  let lastWindowMaxMs = 0;
  const timer = setInterval(() => {
    lastWindowMaxMs = histogram.max / 1e6;
    histogram.reset();
  }, options.windowMs ?? 10_000);
  timer.unref();
  return {
    current() {
      const delay = Math.max(lastWindowMaxMs, histogram.max / 1e6);
      return { alive: delay <= maxDelayMs, eventLoopDelayMs: Math.round(delay) };
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
