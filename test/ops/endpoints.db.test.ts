/**
 * The operations endpoint of the real bot (emulator over sockets, real driver, the run's test database behind a
 * stoppable proxy): a scripted chat session moves every counter by what the script implies; /readyz turns unready
 * within 5 s of the database or the link going down, names the failing check, and turns ready again; /livez stays up.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { opsEvents, type StatsQueryEvent } from '../../src/ops/events.js';
import { figureLabel } from '../../src/ops/metrics.js';
import type { ReadinessReport } from '../../src/ops/readiness.js';
import { ask, startWorld, type World } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import { deltas, get, scrape } from './support/scrape.js';

const t = await openFileDb();
let world: World;
let port: number;
const reports: ReadinessReport[] = [];
const waiters: { done(r: ReadinessReport): boolean }[] = [];
const queries: StatsQueryEvent[] = [];
const stopTally = opsEvents.statsQuery.subscribe((e) => queries.push(e));

beforeAll(async () => {
  // Readiness checks every 300 ms with a 2.5 s ping budget: a stopped database is noticed within 2.8 s, inside the 5 s
  // promise, while a slow answer on a loaded machine is not taken for a stopped one.
  world = await startWorld(t, { proxyDatabase: true, deps: { opsTiming: { readinessIntervalMs: 300, pingTimeoutMs: 2_500 } } });
  port = world.bot.ops.port as number;
  world.bot.ops.readiness.onChange((report) => {
    reports.push(report);
    for (const w of [...waiters]) if (w.done(report)) waiters.splice(waiters.indexOf(w), 1);
  });
}, 120_000);
afterAll(async () => {
  stopTally();
  await world?.stop();
});

/** Resolves with the first readiness change satisfying `ok`, or rejects after `ms`. */
function nextReport(ok: (r: ReadinessReport) => boolean, ms: number): Promise<ReadinessReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such readiness change within ${ms} ms; last: ${JSON.stringify(reports.at(-1))}`)), ms);
    waiters.push({
      done(r) {
        if (!ok(r)) return false;
        clearTimeout(timer);
        resolve(r);
        return true;
      },
    });
  });
}

const failing = (r: ReadinessReport) => r.checks.filter((c) => !c.ok).map((c) => c.name).sort();
const isCounter = (name: string) => /^infobot_\w+_total[{]?/.test(name) || /^infobot_command_duration_seconds_count/.test(name);

describe('the operations endpoint', () => {
  test('after start: /livez alive, /readyz ready with every check named, the switched-off daily summary reported', async () => {
    const live = await get(port, '/livez');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.body)).toMatchObject({ alive: true });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.body) as { status: string; checks: { name: string; ok: boolean }[]; featuresOff: unknown[] };
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ['rocketchat-link', true],
      ['rocketchat-database', true],
      ['bot-store', true],
    ]);
    expect(body.featuresOff).toEqual([{ feature: 'daily-summary', reason: 'INFOBOT_DAILY=off' }]);
    expect((await get(port, '/nothing')).status).toBe(404);
  });

  test('a scripted session moves every counter by what the script implies', async () => {
    const roomId = world.seed.adminRoom._id;
    // The first scrape finds no workspace figures and starts a computation for them; the script begins once it is done.
    const figures = new Promise<void>((resolve) => {
      const off = opsEvents.workspace.subscribe(() => {
        off();
        resolve();
      });
    });
    const first = await scrape(port);
    expect(first.samples.has('infobot_workspace_active_users')).toBe(false);
    await figures;
    const before = await scrape(port);
    expect(deltas(first.samples, before.samples, (n) => n.startsWith('infobot_stats_requests_total'))).toEqual({
      'infobot_stats_requests_total{source="computed"}': 1,
    });
    queries.length = 0;

    // The script, and what each step must count.
    const script: { from: 'admin' | 'user'; text: string; command: string; outcome: string; reason?: string; stats?: 'computed' | 'cache' }[] = [
      // The scrape asked only for the gauges' sections (License, Deployment): the Usage card's figures are computed
      // for the first /info usage and, still fresh (60 s), reused for the second.
      { from: 'admin', text: '/info usage', command: 'info usage', outcome: 'answered', stats: 'computed' },
      { from: 'admin', text: '/info usage', command: 'info usage', outcome: 'answered', stats: 'cache' },
      { from: 'user', text: '/info usage', command: 'info usage', outcome: 'refused', reason: 'permission-denied' },
      { from: 'admin', text: '/info nosuchcard', command: 'none', outcome: 'refused', reason: 'unknown-command' },
      { from: 'admin', text: '/info refresh', command: 'info refresh', outcome: 'answered', stats: 'computed' },
    ];
    for (const step of script) {
      // An answer can be several messages: the step ends when the dispatcher reports the command finished.
      const finished = new Promise<void>((resolve) => {
        const off = opsEvents.command.subscribe(() => {
          off();
          resolve();
        });
      });
      await ask(world, world[step.from], roomId, step.text);
      await finished;
    }

    const expected: Record<string, number> = {};
    const add = (name: string, n = 1) => {
      expected[name] = (expected[name] ?? 0) + n;
    };
    for (const step of script) {
      add(`infobot_commands_total{command="${step.command}",outcome="${step.outcome}"}`);
      add(`infobot_command_duration_seconds_count{command="${step.command}"}`);
      if (step.reason) add(`infobot_refusals_total{reason="${step.reason}"}`);
      if (step.stats) add(`infobot_stats_requests_total{source="${step.stats}"}`);
    }
    // Each query the runner ran is one observation under its figure; a failed or timed-out one is counted as such.
    for (const q of queries) {
      const figure = figureLabel(q.figure);
      if (q.outcome === 'timeout') add(`infobot_stats_query_timeouts_total{figure="${figure}"}`);
      if (q.outcome === 'error') add(`infobot_stats_query_errors_total{figure="${figure}"}`);
    }
    const after = await scrape(port);
    expect(deltas(before.samples, after.samples, isCounter)).toEqual(expected);

    const observed = deltas(before.samples, after.samples, (name) => name.startsWith('infobot_stats_query_duration_seconds_count'));
    const perFigure: Record<string, number> = {};
    for (const q of queries) perFigure[`infobot_stats_query_duration_seconds_count{figure="${figureLabel(q.figure)}"}`] = (perFigure[`infobot_stats_query_duration_seconds_count{figure="${figureLabel(q.figure)}"}`] ?? 0) + 1;
    expect(observed).toEqual(perFigure);
    // Two requests asked Rocket.Chat's settings: the first /info usage (its section's few) and the refresh.
    expect(observed['infobot_stats_query_duration_seconds_count{figure="settings:sections"}']).toBe(2);

    // Types and names as Prometheus expects them.
    expect(after.families.get('infobot_commands_total')).toBe('COUNTER');
    expect(after.families.get('infobot_command_duration_seconds')).toBe('HISTOGRAM');
    expect(after.families.get('infobot_license_days_left')).toBe('GAUGE');
    for (const name of after.families.keys()) expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    // No label carries a user, a room or message text.
    for (const name of after.samples.keys()) {
      expect(name).not.toContain(world.seed.accounts.admin.username);
      expect(name).not.toContain(roomId);
      expect(name).not.toContain('nosuchcard');
    }
  }, 120_000);

  test('the workspace gauges equal the figures computed from the raw documents', async () => {
    const { samples } = await scrape(port);
    const computedAt = (samples.get('infobot_workspace_figures_timestamp_seconds') as number) * 1000;
    expect(computedAt).toBeGreaterThan(0);
    const users = await t.db.collection('users').find({}).toArray();
    // Rocket.Chat 7.x (the emulator's version) counts active, non-guest-only users that are not apps, bots or remote.
    const onlyGuest = (roles: unknown) => Array.isArray(roles) && roles.length === 1 && roles[0] === 'guest';
    const activeUsers = users.filter(
      (u) => u.active === true && !onlyGuest(u.roles) && !['app', 'bot'].includes(u.type) && u.federated !== true && u.isRemote !== true,
    ).length;
    expect(samples.get('infobot_workspace_active_users')).toBe(activeUsers);
    const instances = await t.db.collection('instances').find({}).toArray();
    const alive = instances.filter((i) => i._updatedAt instanceof Date && computedAt - i._updatedAt.getTime() <= 60_000).length;
    expect(samples.get('infobot_workspace_instances')).toBe(alive);
    const license = await t.db.collection('rocketchat_settings').findOne({ _id: 'Enterprise_License' as never });
    if (!license?.value) {
      // No license installed: no seat or expiry figure is made up.
      expect(samples.has('infobot_license_seats_allowed')).toBe(false);
      expect(samples.has('infobot_license_days_left')).toBe(false);
    }
  });

  test('the database stops: unready within 5 s naming both databases, /livez up; ready again once it is back', async () => {
    const proxy = world.proxy;
    if (!proxy) throw new Error('the world has no database proxy');
    const down = nextReport((r) => !r.ready, 5_000);
    const stoppedAt = Date.now();
    await proxy.stop();
    const report = await down;
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    // Both the first failing run and a later one are acceptable: each names only database checks.
    expect(failing(report).every((name) => ['bot-store', 'rocketchat-database'].includes(name))).toBe(true);
    const readyz = await get(port, '/readyz');
    expect(readyz.status).toBe(503);
    expect(JSON.parse(readyz.body).status).toBe('unready');
    expect((await get(port, '/livez')).status).toBe(200);
    const { samples } = await scrape(port);
    expect(samples.get('infobot_ready')).toBe(0);

    const up = nextReport((r) => r.ready, 20_000);
    await proxy.resume();
    await up;
    expect((await get(port, '/readyz')).status).toBe(200);
  });

  test('the link goes down: unready within 5 s naming the link, counted as a reconnect once back', async () => {
    const before = await scrape(port);
    const down = nextReport((r) => failing(r).includes('rocketchat-link'), 5_000);
    // Resumes are refused while the sockets are dropped, so the link stays down until the test lets it back.
    world.emulator.faults.rejectResumes(true);
    world.emulator.faults.dropSockets();
    await down;
    expect((await get(port, '/readyz')).status).toBe(503);
    expect((await get(port, '/livez')).status).toBe(200);
    expect((await scrape(port)).samples.get('infobot_rocketchat_link_up')).toBe(0);

    const up = nextReport((r) => r.ready, 20_000);
    world.emulator.faults.rejectResumes(false);
    await up;
    const after = await scrape(port);
    expect(after.samples.get('infobot_rocketchat_link_up')).toBe(1);
    expect(after.samples.get('infobot_rocketchat_link_state{state="online"}')).toBe(1);
    expect(deltas(before.samples, after.samples, (n) => n.startsWith('infobot_rocketchat_reconnects_total'))).toEqual({
      infobot_rocketchat_reconnects_total: 1,
    });
  });
});
