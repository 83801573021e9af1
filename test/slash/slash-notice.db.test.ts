/**
 * A stock Rocket.Chat holds `/info` back in its web and desktop apps (Message_AllowUnrecognizedSlashCommand off by
 * default). The bot says so once in each listened room, once across replicas, again only after the setting was
 * written anew; `/info help` and the start log say the same. End to end: emulator, real SDK, test database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningBot, startBot } from '../../src/main.js';
import { ask, startWorld, TEST_LINK_TIMING, type World } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
let world: World;
let replica: RunningBot | undefined;
const deps = { slashPollMs: 0, slowNoticeMs: 60_000 };

/** The bot's notices in the admin room, read from Rocket.Chat's database (the watch opened after they were posted). */
async function notices(): Promise<string[]> {
  const docs = await t.db
    .collection<{ msg: string; u: { _id: string } }>('rocketchat_message')
    .find({ rid: world.seed.adminRoom._id, 'u._id': world.seed.accounts.bot._id })
    .toArray();
  return docs.map((d) => d.msg).filter((m) => m.includes('does not reach me'));
}

async function setSlash(value: boolean): Promise<void> {
  await world.admin.post('settings/Message_AllowUnrecognizedSlashCommand', { value });
}

beforeAll(async () => {
  world = await startWorld(t, { deps });
}, 120_000);
afterAll(async () => {
  await replica?.stop();
  await world?.stop();
});

describe('Message_AllowUnrecognizedSlashCommand off, as Rocket.Chat ships it', () => {
  test('the listened room gets one notice at start, naming !info and every way to make /info work', async () => {
    const posted = await notices();
    expect(posted).toHaveLength(1);
    const [notice] = posted;
    expect(notice).toContain('`!info` works right now');
    expect(notice).toContain('Message_AllowUnrecognizedSlashCommand');
    expect(notice).toContain('Administration > Settings > Message > Allow unrecognized slash commands');
    expect(notice).toContain('OVERWRITE_SETTING_Message_AllowUnrecognizedSlashCommand=true');
    expect(notice).toContain('!info enable-slash');
    expect(world.bot.slash.current()).toMatchObject({ enabled: false });
  });

  test('the start log says the same', () => {
    const line = world.logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('Message_AllowUnrecognizedSlashCommand is off'));
    expect(line?.level).toBe(40);
    expect(String(line?.msg)).toContain('OVERWRITE_SETTING_Message_AllowUnrecognizedSlashCommand=true');
  });

  test('a second replica starting on the same workspace posts no second notice', async () => {
    replica = await startBot(world.config, { ...deps, linkTiming: TEST_LINK_TIMING, databaseWaitMs: 0 });
    // Either replica may answer the commands below: a late answer from this one is waited out as the world's bot's is.
    world.decisions.watch(replica.dispatcher);
    // startBot resolves after its first look at the setting, notice attempt included.
    expect(replica.slash.current()).toMatchObject({ enabled: false });
    expect(await notices()).toHaveLength(1);
  });

  test('/info help says why /info is refused and how to fix it', async () => {
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '!info help');
    expect(answer.msg).toContain('`!info` works');
    expect(answer.msg).toContain('OVERWRITE_SETTING_Message_AllowUnrecognizedSlashCommand=true');
  });

  test('turned on: no notice and no help note; turned off again: one new notice across both replicas', async () => {
    await setSlash(true);
    const [first, second] = await Promise.all([world.bot.slash.check(), replica?.slash.check()]);
    expect([first?.setting.enabled, second?.setting.enabled]).toEqual([true, true]);
    expect([...(first?.posted ?? []), ...(second?.posted ?? [])]).toEqual([]);
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '!info help');
    expect(answer.msg).not.toContain('OVERWRITE_SETTING_');

    await setSlash(false);
    const checks = await Promise.all([world.bot.slash.check(), replica?.slash.check()]);
    expect(checks.flatMap((c) => c?.posted ?? [])).toEqual([world.seed.adminRoom._id]);
    expect(await notices()).toHaveLength(2);

    // Read again without a new write: nothing more.
    const again = await Promise.all([world.bot.slash.check(), replica?.slash.check()]);
    expect(again.flatMap((c) => c?.posted ?? [])).toEqual([]);
    expect(await notices()).toHaveLength(2);
  });
});
