/**
 * A bot whose own database it may only read, as with a MongoDB user granted `read` instead of `readWrite` on it. The
 * test engines enforce no users or roles, so the store is reached through a gateway that answers every write command
 * on that database with MongoDB's own refusal (Unauthorized, code 13) and passes everything else to the real engine
 * (test/support/read-only-gateway.ts). What this cannot show: a real server's role checks, e.g. that `read` still
 * allows `listCollections` and `ping`; those are MongoDB's documented built-in roles, not something the bot decides.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ask, startWorld, type World } from '../bot/support/world.js';
import { openFileDb, withDbName } from '../support/db.js';
import { type ReadOnlyGateway, startReadOnlyGateway } from '../support/read-only-gateway.js';
import { get, scrape } from './support/scrape.js';

const t = await openFileDb();
const storeDb = `${t.dbName}_ro`;
let gateway: ReadOnlyGateway;
let world: World;

beforeAll(async () => {
  const server = new URL(t.serverUrl.replace(/^mongodb:/, 'http:'));
  gateway = await startReadOnlyGateway({ host: server.hostname, port: Number(server.port || 27017) }, storeDb);
  world = await startWorld(t, {
    env: { INFOBOT_MONGO_URL: gateway.rewrite(withDbName(t.serverUrl, storeDb)), INFOBOT_DAILY: 'on' },
    // The daily summary must not start; were it started, this ticker would never fire it.
    deps: { dailyTicker: () => ({ stop: () => undefined }) },
  });
}, 120_000);
afterAll(async () => {
  await world?.stop();
  await gateway?.close();
});

describe('a bot that may not write its own database', () => {
  test('says so in one line at start, naming what is off and the fix', () => {
    const lines = world.logs.filter((l) => /not writable/.test(String(l.msg)));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(40);
    expect(String(lines[0]?.msg)).toMatch(/cross-replica dedupe, daily summary and license flow; grant the bot’s user readWrite/);
    expect(String(lines[0]?.reason)).toMatch(/not authorized on .*_ro/);
    expect(world.logs.some((l) => l.msg === 'daily summary scheduled')).toBe(false);
  });

  test('still answers commands, without trying its claims on every message', async () => {
    const refusedBefore = gateway.refused.length;
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info usage', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    expect(answer.attachments?.length).toBeGreaterThan(0);
    expect(gateway.refused.length).toBe(refusedBefore);
    expect(world.logs.some((l) => /did not answer; answering without a cross-replica claim/.test(String(l.msg)))).toBe(false);
  });

  test('license checks are refused with the reason and the fix, before anything is read; `license status` still answers', async () => {
    const dm = await world.admin.dm(world.seed.accounts.bot.username);
    const watch = await world.admin.watch(dm);
    try {
      const refused = await ask(world, world.admin, dm, 'license history', { watch });
      expect(refused.answer.msg).toMatch(/^Checking and applying licenses is not ready yet: the bot’s own database is not writable/);
      expect(refused.answer.msg).toContain('readWrite');
      const status = await ask(world, world.admin, dm, 'license status', { watch });
      expect(status.answer.attachments?.length).toBeGreaterThan(0);
    } finally {
      watch.close();
    }
  });

  test('/readyz is ready and names the features that are off; the metrics say the same', async () => {
    const port = world.bot.ops.port as number;
    const readyz = await get(port, '/readyz');
    expect(readyz.status).toBe(200);
    const body = JSON.parse(readyz.body) as { featuresOff: { feature: string; reason: string }[]; checks: { name: string; ok: boolean }[] };
    expect(body.checks.every((c) => c.ok)).toBe(true);
    expect(body.featuresOff.map((f) => f.feature)).toEqual(['cross-replica-dedupe', 'daily-summary', 'license-flow']);
    for (const f of body.featuresOff) expect(f.reason).toMatch(/^the bot’s own database is not writable/);
    const { samples } = await scrape(port);
    expect(samples.get('infobot_feature_enabled{feature="cross-replica-dedupe"}')).toBe(0);
    expect(samples.get('infobot_feature_enabled{feature="daily-summary"}')).toBe(0);
    expect(samples.get('infobot_ready')).toBe(1);
  });

  test('nothing reached the protected database: every write was refused there', async () => {
    expect(gateway.refused.length).toBeGreaterThan(0);
    const collections = await t.client.db(storeDb).listCollections().toArray();
    expect(collections).toEqual([]);
  });
});
