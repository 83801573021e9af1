/**
 * REST-only mode with a bot account that lacks a permission the mode needs: the start-up self-check names each
 * missing one in one log line, and a command that needs it answers with one line naming it and the fix. The bot's
 * role holds everything else (a custom role, as an admin would make for it).
 */
import { describe, expect, test } from 'vitest';
import { REST_ONLY_REQUIREMENTS } from '../../src/rest-only.js';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { answersAfter, ask, type World, WORLD_START_MS, worldPerTest } from './support/world.js';

const t = await openFileDb();
const ROLE = 'infobot-partial';
const startWorld = worldPerTest(t);

/** Starts a REST-only bot whose only roles are `bot` and a custom role holding every mode permission but `missing`. */
async function botLacking(missing: string): Promise<World> {
  return startWorld({
    source: 'rest',
    async beforeBot(seed) {
      await t.db.collection<{ _id: string }>('users').updateOne({ _id: seed.accounts.bot._id }, { $set: { roles: ['bot', ROLE] } });
      // edit-privileged-setting: the commands' own (applying a license, confirmed setting changes), asked in every mode.
      const held = [...REST_ONLY_REQUIREMENTS.map((r) => r.permission), 'view-d-room', 'edit-privileged-setting'].filter((p) => p !== missing);
      await t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions').updateMany({ _id: { $in: held } }, { $addToSet: { roles: ROLE } });
    },
  });
}

const lackLines = (w: World) => w.logs.filter((l) => String(l.msg).startsWith('bot account lacks Rocket.Chat permission'));

describe('a REST-only bot missing a permission it needs', () => {
  test.each([
    ['view-statistics', '/info', 'so it cannot read Rocket.Chat’s statistics snapshot (GET /api/v1/statistics).'],
    ['view-full-other-user-info', '/info usage', 'so it cannot read other users’ roles (GET /api/v1/users.info), so it cannot tell whether a sender may run a command.'],
  ])('without %s: one start-up line, and %s answers one line naming it', async (missing, command, why) => {
    const world = await botLacking(missing);
    const lines = lackLines(world);
    expect(lines.map((l) => l.permission)).toEqual([missing]);
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, command);
    expect(answer.msg).toBe(
      `The bot account lacks the Rocket.Chat permission \`${missing}\`, ${why} A workspace admin can grant it to one of the bot’s roles under Administration > Permissions.`,
    );
    expect(answer.attachments ?? []).toEqual([]);
  }, WORLD_START_MS);

  test('without view-privileged-setting: /info still answers, the license and federation settings marked as not readable; `license status` and the federation settings answer one line naming it', async () => {
    const world = await botLacking('view-privileged-setting');
    expect(lackLines(world).map((l) => l.permission)).toEqual(['view-privileged-setting']);
    // The four cards may come in two messages when their text passes Message_MaxAllowedSize: wait for the last one.
    const hasFederation = (m: Message) => (m.attachments ?? []).some((a) => a.title === 'Federation');
    const { answer: last, known } = await ask(world, world.admin, world.seed.adminRoom._id, '/info', { done: hasFederation, timeoutMs: 30_000 });
    const answers = answersAfter(world.room, world.seed.accounts.bot._id, known).filter((m) => (m.attachments?.length ?? 0) > 0);
    expect(answers.at(-1)?._id).toBe(last._id);
    const cards = answers.flatMap((m) => m.attachments ?? []);
    expect(cards.map((a) => a.title)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
    const answer = answers[0] as Message;
    expect(answer.msg).toMatch(/Could not compute: .*siteUrl/);
    const license = String(cards[1]?.text ?? '');
    expect(license).toContain('`view-privileged-setting`');

    // The features that read settings through GET settings/:_id answer one line each, naming it.
    const dm = await world.admin.dm(world.seed.accounts.bot.username);
    const watch = await world.admin.watch(dm);
    try {
      for (const command of ['license status', 'info federation settings']) {
        const reply = (await ask(world, world.admin, dm, command, { watch })).answer;
        expect(reply.msg, command).toBe(
          'The bot account lacks the Rocket.Chat permission `view-privileged-setting`, so it cannot read the license, Site URL and federation settings (GET /api/v1/settings/:_id). A workspace admin can grant it to one of the bot’s roles under Administration > Permissions.',
        );
        expect(reply.attachments ?? [], command).toEqual([]);
      }
    } finally {
      watch.close();
    }
  }, WORLD_START_MS);
});
