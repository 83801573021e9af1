/**
 * REST-only mode without INFOBOT_MONGO_URL keeps the bot's own data in files under INFOBOT_DATA_DIR: every feature
 * works for one replica, but replicas cannot share the files, so /readyz and the metrics say that cross-replica dedupe
 * is off and why; with INFOBOT_MONGO_URL it is on.
 */
import { describe, expect, test } from 'vitest';
import { WORLD_START_MS, worldPerTest } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import { get, scrape } from './support/scrape.js';

const t = await openFileDb();
const startWorld = worldPerTest(t);

interface ReadyBody {
  featuresOff: { feature: string; reason: string }[];
}

describe('readiness of a REST-only bot', () => {
  test('with the data file: ready, cross-replica dedupe off with the fix named, the license flow on', async () => {
    const world = await startWorld({ source: 'rest' });
    const port = world.bot.ops.port as number;
    const readyz = await get(port, '/readyz');
    expect(readyz.status).toBe(200);
    const off = (JSON.parse(readyz.body) as ReadyBody).featuresOff;
    expect(off.find((f) => f.feature === 'cross-replica-dedupe')?.reason).toBe(
      'the bot’s own data is a file under INFOBOT_DATA_DIR: run one replica, or set INFOBOT_MONGO_URL for several',
    );
    expect(off.map((f) => f.feature)).not.toContain('license-flow');
    const { samples } = await scrape(port);
    expect(samples.get('infobot_feature_enabled{feature="cross-replica-dedupe"}')).toBe(0);
    expect(samples.get('infobot_feature_enabled{feature="license-flow"}')).toBe(1);
  }, WORLD_START_MS);

  test('with INFOBOT_MONGO_URL: cross-replica dedupe on', async () => {
    const world = await startWorld({ source: 'rest', botDatabase: true });
    const port = world.bot.ops.port as number;
    const off = (JSON.parse((await get(port, '/readyz')).body) as ReadyBody).featuresOff;
    expect(off.map((f) => f.feature)).not.toContain('cross-replica-dedupe');
    const { samples } = await scrape(port);
    expect(samples.get('infobot_feature_enabled{feature="cross-replica-dedupe"}')).toBe(1);
  }, WORLD_START_MS);
});
