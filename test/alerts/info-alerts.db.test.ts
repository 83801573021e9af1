/** `/info alerts` in chat: the conditions with the configured thresholds, and what is on now from the stored state. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALERT_STATE_COLLECTION } from '../../src/alerts/state.js';
import { ask, startWorld, type World } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
let world: World;

beforeAll(async () => {
  world = await startWorld(t, { env: { INFOBOT_ALERTS: 'on', INFOBOT_ALERT_SEATS: '75,95', INFOBOT_ALERT_CRON: '*/5 * * * *', INFOBOT_ALERT_ROOM: 'ops' } });
});
afterAll(() => world?.stop());

describe('/info alerts', () => {
  test('lists the thresholds as configured and the conditions on now', async () => {
    const store = t.client.db(`${t.dbName}_bot`).collection(ALERT_STATE_COLLECTION);
    await store.insertMany([
      { _id: 'seats-75', phase: 'firing', since: new Date('2026-03-01T10:00:00Z'), firedAt: new Date('2026-03-01T10:00:00Z'), text: 'Seats at 77 % of the license limit (770 of 1000), at or over the 75 % threshold.' },
      { _id: 'rc-db-unreachable', phase: 'pending', since: new Date('2026-03-01T11:00:00Z'), text: 'Rocket.Chat’s database does not answer the bot.' },
    ] as never[]);
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info alerts', { done: (m) => m.msg.startsWith('*Alerts*') });
    expect(answer.msg).toContain('checked at `*/5 * * * *` (UTC), posted to #ops');
    expect(answer.msg).toContain('Seats at 75 / 95 % of the license limit');
    expect(answer.msg).toContain('License ending within 30 / 7 / 1 days');
    expect(answer.msg).toContain('🔔 on since March 1, 2026');
    expect(answer.msg).toContain('Seats at 77 % of the license limit (770 of 1000)');
    expect(answer.msg).toContain('⏳ holding since March 1, 2026');
  });
});
