/**
 * Readiness: the checks behind /readyz (the Rocket.Chat link, Rocket.Chat's database, the bot's store), run every
 * `intervalMs` and whenever a part asks (the link changing state), each bounded by its own timeout. /readyz answers
 * from the last run, so a probe never waits on a database; a change of verdict is announced to listeners.
 */

/** One check's last result. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed, in one line; or what it measured. */
  detail?: string;
  latencyMs?: number;
}

/** A feature that can be switched off while the bot keeps answering. */
export interface FeatureState {
  name: string;
  on: boolean;
  /** Why it is off. */
  reason?: string;
}

/** What /readyz shows. */
export interface ReadinessReport {
  ready: boolean;
  checkedAt: string | null;
  checks: CheckResult[];
  features: FeatureState[];
}

/** A check: resolves ok or not, never rejects (a rejection counts as not ok). */
export type Check = () => Promise<Omit<CheckResult, 'name'>>;

/** What readiness is built from. */
export interface ReadinessDeps {
  checks: Record<string, Check>;
  features: () => FeatureState[];
  /** How often the checks run on their own (default 5 s). */
  intervalMs?: number;
  now?: () => Date;
}

/** The running readiness monitor. */
export interface Readiness {
  current(): ReadinessReport;
  /** Runs the checks now (a run already going is followed by one more) and resolves with the new report. */
  refresh(): Promise<ReadinessReport>;
  /** Called after every run whose verdict differs from the one before. */
  onChange(listener: (report: ReadinessReport) => void): void;
  stop(): void;
}

function signature(report: ReadinessReport): string {
  return JSON.stringify([report.ready, report.checks.map((c) => [c.name, c.ok]), report.features.map((f) => [f.name, f.on])]);
}

/** Builds the monitor and starts its timer; the first report says not ready until the checks have run. */
export function createReadiness(deps: ReadinessDeps): Readiness {
  const now = deps.now ?? (() => new Date());
  const listeners: ((report: ReadinessReport) => void)[] = [];
  let report: ReadinessReport = {
    ready: false,
    checkedAt: null,
    checks: Object.keys(deps.checks).map((name) => ({ name, ok: false, detail: 'not checked yet' })),
    features: deps.features(),
  };
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function runOnce(): Promise<void> {
    const checks = await Promise.all(
      Object.entries(deps.checks).map(async ([name, check]): Promise<CheckResult> => {
        try {
          return { name, ...(await check()) };
        } catch (error) {
          return { name, ok: false, detail: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        }
      }),
    );
    const next: ReadinessReport = { ready: checks.every((c) => c.ok), checkedAt: now().toISOString(), checks, features: deps.features() };
    const changed = signature(next) !== signature(report);
    report = next;
    if (changed && !stopped) for (const listener of listeners) listener(next);
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      await runOnce();
    } while (again && !stopped);
  }

  function refresh(): Promise<ReadinessReport> {
    if (running) again = true;
    else
      running = loop().finally(() => {
        running = undefined;
      });
    return running.then(() => report);
  }

  const timer = setInterval(() => void refresh(), deps.intervalMs ?? 5_000);
  timer.unref();

  return {
    current: () => report,
    refresh,
    onChange: (listener) => void listeners.push(listener),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
