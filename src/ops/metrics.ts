/**
 * The bot's Prometheus metrics (prom-client): a registry of its own that subscribes to the parts' events
 * (src/ops/events.ts) and the link's state changes. Labels are bounded by the code, never by what users do: command
 * names come from the registry, refusal reasons from UserError's codes, figures from the statistics plan's query keys
 * with their filters cut off.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LinkState } from '../chat/link.js';
import { opsEvents, type WorkspaceEvent } from './events.js';
import type { ReadinessReport } from './readiness.js';

/** What the metrics read besides the events. */
export interface MetricsDeps {
  link: { state(): LinkState; onStateChange(handler: (state: LinkState) => void): void };
  /** The last readiness verdict, exported as gauges. */
  readiness?: () => ReadinessReport;
  /** Starts a statistics computation (the workspace gauges are refreshed by its event); not awaited by a scrape. */
  refreshWorkspace?: () => Promise<unknown>;
  /** A scrape finding the workspace figures older than this starts a refresh (default 5 minutes). */
  workspaceMaxAgeMs?: number;
  now?: () => Date;
}

/** The registry and a way to stop listening. */
export interface Metrics {
  registry: Registry;
  close(): void;
}

const LINK_STATES: readonly LinkState[] = ['starting', 'online', 'reconnecting', 'stopped'];
const SECONDS_PER_DAY = 86_400;

/**
 * A query key as a bounded label: `count:users:{"active":true}` → `count:users`. Keys are written in src/stats, so the
 * set is fixed; the filter part may carry dates, which would make a new series per computation.
 */
export function figureLabel(key: string): string {
  return key.split(':').slice(0, 2).join(':').replace(/[^\w.:-]/g, '_').slice(0, 60);
}

/** A metric's name, help and labels, as a table row. */
interface MetricRow {
  name: string;
  help: string;
  labelNames: readonly string[];
}
type LabelOf<R extends MetricRow> = R['labelNames'][number];

/** The counters, by the name the code uses. */
const COUNTERS = {
  commands: {
    name: 'infobot_commands_total',
    help: 'Commands handled, by command and outcome (answered, refused, failed, claimed-elsewhere).',
    labelNames: ['command', 'outcome'],
  },
  refusals: {
    name: 'infobot_refusals_total',
    help: 'Commands refused as a known condition, by reason (unknown-command, bad-flags, dm-only, permission-denied, not-ready).',
    labelNames: ['reason'],
  },
  reconnects: { name: 'infobot_rocketchat_reconnects_total', help: 'Times the link came back online after having been online.', labelNames: [] },
  queryTimeouts: {
    name: 'infobot_stats_query_timeouts_total',
    help: 'Statistics queries that ran out of their time budget, by figure.',
    labelNames: ['figure'],
  },
  queryErrors: {
    name: 'infobot_stats_query_errors_total',
    help: 'Statistics queries that failed for another reason than time, by figure.',
    labelNames: ['figure'],
  },
  statsRequests: {
    name: 'infobot_stats_requests_total',
    help: 'Requests for the Info page figures, by source: cache (a hit), shared (joined a computation in flight), computed.',
    labelNames: ['source'],
  },
  dailyPosts: { name: 'infobot_daily_posts_total', help: 'Daily summary attempts by outcome (posted, retry, gave-up, taken-over).', labelNames: ['outcome'] },
  licenseApplications: {
    name: 'infobot_license_applications_total',
    help: 'License applications through Rocket.Chat by outcome (valid, invalid, unconfirmed, refused, unreachable, error).',
    labelNames: ['outcome'],
  },
} as const satisfies Record<string, MetricRow>;

/** The histograms, with their buckets in seconds. */
const HISTOGRAMS = {
  commandSeconds: {
    name: 'infobot_command_duration_seconds',
    help: 'Time from a command arriving to its answer being delivered, by command.',
    labelNames: ['command'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  },
  querySeconds: {
    name: 'infobot_stats_query_duration_seconds',
    help: 'Duration of the statistics queries against Rocket.Chat’s database, by figure.',
    labelNames: ['figure'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
} as const satisfies Record<string, MetricRow & { buckets: readonly number[] }>;

/** One counter per row, registered. */
function counters<T extends Record<string, MetricRow>>(table: T, registers: Registry[]): { [K in keyof T]: Counter<LabelOf<T[K]>> } {
  const built = Object.entries(table).map(([key, row]) => [key, new Counter({ ...row, labelNames: [...row.labelNames], registers })]);
  return Object.fromEntries(built) as { [K in keyof T]: Counter<LabelOf<T[K]>> };
}

/** One histogram per row, registered. */
function histograms<T extends Record<string, MetricRow & { buckets: readonly number[] }>>(table: T, registers: Registry[]): { [K in keyof T]: Histogram<LabelOf<T[K]>> } {
  const built = Object.entries(table).map(([key, row]) => [
    key,
    new Histogram({ ...row, labelNames: [...row.labelNames], buckets: [...row.buckets], registers }),
  ]);
  return Object.fromEntries(built) as { [K in keyof T]: Histogram<LabelOf<T[K]>> };
}

/** Builds the registry and subscribes. */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  const now = deps.now ?? (() => new Date());
  const maxAgeMs = deps.workspaceMaxAgeMs ?? 5 * 60_000;
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const { commands, refusals, reconnects, queryTimeouts, queryErrors, statsRequests, dailyPosts, licenseApplications } = counters(COUNTERS, registers);
  const { commandSeconds, querySeconds } = histograms(HISTOGRAMS, registers);
  const linkUp = new Gauge({ name: 'infobot_rocketchat_link_up', help: '1 while the realtime link to Rocket.Chat is online.', registers });
  const linkState = new Gauge({
    name: 'infobot_rocketchat_link_state',
    help: 'The realtime link state: 1 for the current state, 0 for the others.',
    labelNames: ['state'] as const,
    registers,
  });

  let workspace: WorkspaceEvent | undefined;
  let refreshing = false;
  const known = (value: number | null | undefined): value is number => value !== null && value !== undefined;
  /** A gauge whose sample is present only while its figure is known. */
  const workspaceGauge = (name: string, help: string, value: (w: WorkspaceEvent) => number | null) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.reset();
        const figure = workspace ? value(workspace) : null;
        if (known(figure)) this.set(figure);
        else this.remove();
      },
    });
  new Gauge({
    name: 'infobot_workspace_figures_timestamp_seconds',
    help: 'When the workspace figures below were computed (Unix time).',
    registers,
    collect() {
      const age = workspace ? now().getTime() - workspace.computedAt.getTime() : Number.POSITIVE_INFINITY;
      if (deps.refreshWorkspace && age > maxAgeMs && !refreshing) {
        refreshing = true;
        void deps
          .refreshWorkspace()
          .catch(() => undefined)
          .finally(() => {
            refreshing = false;
          });
      }
      this.reset();
      if (workspace) this.set(workspace.computedAt.getTime() / 1000);
      else this.remove();
    },
  });
  workspaceGauge('infobot_workspace_active_users', 'Active users as the Info page counts them.', (w) => w.activeUsers);
  workspaceGauge('infobot_workspace_instances', 'Rocket.Chat instances reporting (a heartbeat in the last minute).', (w) => w.instances);
  workspaceGauge('infobot_license_seats_used', 'Seats used: the active users the license counts.', (w) => (w.seatsAllowed === null ? null : w.activeUsers));
  workspaceGauge('infobot_license_seats_allowed', 'Seats the installed license allows (absent without a seat limit).', (w) => w.seatsAllowed);
  workspaceGauge('infobot_license_expiry_timestamp_seconds', 'When the installed license ends (Unix time; absent without an end).', (w) =>
    w.licenseValidUntil ? w.licenseValidUntil.getTime() / 1000 : null,
  );
  workspaceGauge('infobot_license_days_left', 'Days until the installed license ends (negative once it has).', (w) =>
    w.licenseValidUntil ? (w.licenseValidUntil.getTime() - now().getTime()) / 1000 / SECONDS_PER_DAY : null,
  );

  if (deps.readiness) {
    const report = deps.readiness;
    new Gauge({
      name: 'infobot_ready',
      help: '1 while /readyz answers ready.',
      registers,
      collect() {
        this.set(report().ready ? 1 : 0);
      },
    });
    new Gauge({
      name: 'infobot_readiness_check_up',
      help: 'Each readiness check: 1 when it passed at its last run.',
      labelNames: ['check'] as const,
      registers,
      collect() {
        this.reset();
        for (const check of report().checks) this.set({ check: check.name }, check.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'infobot_feature_enabled',
      help: 'Features that need the bot’s own writable database: 0 when switched off.',
      labelNames: ['feature'] as const,
      registers,
      collect() {
        this.reset();
        for (const feature of report().features) this.set({ feature: feature.name }, feature.on ? 1 : 0);
      },
    });
  }

  const showLink = (state: LinkState) => {
    for (const s of LINK_STATES) linkState.set({ state: s }, s === state ? 1 : 0);
    linkUp.set(state === 'online' ? 1 : 0);
  };
  showLink(deps.link.state());
  let wasOnline = deps.link.state() === 'online';
  deps.link.onStateChange((state) => {
    showLink(state);
    if (state === 'online' && wasOnline) reconnects.inc();
    if (state === 'online') wasOnline = true;
  });

  const unsubscribe = [
    opsEvents.command.subscribe((e) => {
      const command = e.command ?? 'none';
      commands.inc({ command, outcome: e.outcome });
      if (e.outcome !== 'claimed-elsewhere') commandSeconds.observe({ command }, e.seconds);
      if (e.outcome === 'refused') refusals.inc({ reason: e.reason ?? 'unknown' });
    }),
    opsEvents.statsQuery.subscribe((e) => {
      const figure = figureLabel(e.figure);
      querySeconds.observe({ figure }, e.seconds);
      if (e.outcome === 'timeout') queryTimeouts.inc({ figure });
      if (e.outcome === 'error') queryErrors.inc({ figure });
    }),
    opsEvents.statsRequest.subscribe((e) => statsRequests.inc({ source: e.source })),
    opsEvents.workspace.subscribe((e) => {
      workspace = e;
    }),
    opsEvents.dailyPost.subscribe((e) => dailyPosts.inc({ outcome: e.outcome })),
    opsEvents.licenseApply.subscribe((e) => licenseApplications.inc({ outcome: e.outcome })),
  ];

  return {
    registry,
    close() {
      for (const off of unsubscribe) off();
      registry.clear();
    },
  };
}
