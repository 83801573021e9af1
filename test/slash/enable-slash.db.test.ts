/**
 * `!info enable-slash` and `!info disable-slash`: Message_AllowUnrecognizedSlashCommand changed through Rocket.Chat's
 * REST API only after the proposer confirms with the code, read back, audited. End to end: emulator, real SDK, test
 * database; the setting document and the audit are read from the databases, not from the bot.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ask, startWorld, type World } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
let world: World;

const SETTING = 'Message_AllowUnrecognizedSlashCommand';
const setting = () => t.db.collection<{ _id: string; value?: unknown; _updatedAt?: Date }>('rocketchat_settings').findOne({ _id: SETTING });
const storeDb = () => t.client.db(`${t.dbName}_bot`);
const audit = () => storeDb().collection('setting_audit').find({}, { projection: { _id: 0 } }).sort({ at: 1 }).toArray();
const codeIn = (text: string) => /!info confirm ([A-Z0-9]{6})/.exec(text)?.[1];
const say = async (text: string, from = world.admin) => (await ask(world, from, world.seed.adminRoom._id, text)).answer;
const grantToUsers = (permission: string, roles: string[]) => t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions').updateOne({ _id: permission }, { $set: { roles } });

beforeAll(async () => {
  world = await startWorld(t, { deps: { slashPollMs: 0, permissionTtlMs: 0, slowNoticeMs: 60_000 } });
}, 120_000);
afterAll(async () => world?.stop());

describe('turning /info on with consent', () => {
  let code: string | undefined;

  test('enable-slash shows before → after and what else changes, and changes nothing yet', async () => {
    const before = await setting();
    const answer = await say('!info enable-slash');
    expect(answer.msg).toContain(`\`${SETTING}\`): \`false\` → \`true\``);
    expect(answer.msg).toContain('a mistyped `/lave` or `/infp` is posted to its room for everyone to read');
    code = codeIn(answer.msg);
    expect(code).toBeDefined();
    expect(await setting()).toEqual(before);
  });

  test('someone without edit-privileged-setting may not ask for it', async () => {
    const answer = await say('!info enable-slash', world.user);
    expect(answer.msg).toContain('edit-privileged-setting');
    expect(codeIn(answer.msg)).toBeUndefined();
  });

  test('another admin cannot confirm the proposer’s code; an unknown code changes nothing', async () => {
    const original = (await t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions').findOne({ _id: 'edit-privileged-setting' }))?.roles ?? [];
    await grantToUsers('edit-privileged-setting', [...original, 'user']);
    try {
      const answer = await say(`!info confirm ${code}`, world.user);
      expect(answer.msg).toBe(`The code \`${code}\` belongs to a change @${world.seed.accounts.admin.username} proposed: only they can confirm it. Nothing was changed.`);
    } finally {
      await grantToUsers('edit-privileged-setting', original);
    }
    const unknown = await say('!info confirm ZZZZZZ');
    expect(unknown.msg).toContain('No setting change is waiting under the code `ZZZZZZ`');
    expect((await setting())?.value).toBe(false);
  });

  test('confirming turns it on: the setting document changes, the audit says who, when, false → true', async () => {
    const before = await setting();
    const answer = await say(`!info confirm ${code}`);
    expect(answer.msg).toMatch(/^✔ Changed /);
    const after = await setting();
    expect(after?.value).toBe(true);
    expect(after?._updatedAt?.getTime()).toBeGreaterThan(before?._updatedAt?.getTime() ?? 0);

    const entries = await audit();
    const applied = entries.find((e) => e.action === 'apply');
    expect(applied).toMatchObject({
      settingId: SETTING,
      code,
      from: false,
      to: true,
      readBack: true,
      outcome: 'applied, read back',
      user: { id: world.seed.accounts.admin._id, username: world.seed.accounts.admin.username },
    });
    expect(applied?.at).toBeInstanceOf(Date);
    expect(entries.map((e) => `${e.action}: ${e.outcome}`)).toEqual([
      'propose: waiting for confirmation',
      'refused: another user’s code',
      'refused: unknown code',
      'apply: applied, read back',
    ]);
    // The same code a second time does nothing more.
    expect((await say(`!info confirm ${code}`)).msg).toContain('has already been applied');
    // The watch read it again after the change: no help note any more.
    await world.bot.slash.check();
    expect(world.bot.slash.current()?.enabled).toBe(true);
  });

  test('then /info, as Rocket.Chat’s apps now send it, is answered with the cards', async () => {
    const answer = await say('/info');
    expect((answer.attachments ?? []).length).toBeGreaterThan(1);
  });

  test('enable-slash again: nothing to change; disable-slash undoes it after confirmation', async () => {
    expect((await say('!info enable-slash')).msg).toContain('Nothing to change');
    const proposal = await say('!info disable-slash');
    expect(proposal.msg).toContain('`true` → `false`');
    // The notice below and the confirmation's answer race each other (the watcher sees the write at once): each is
    // told apart by what it says, not by which comes first.
    const isNotice = (m: { msg: string }) => m.msg.includes('does not reach me');
    const { answer, known } = await ask(world, world.admin, world.seed.adminRoom._id, `!info confirm ${codeIn(proposal.msg)}`, {
      done: (m) => !m.msg.startsWith('⏳') && !isNotice(m),
    });
    expect(answer.msg).toMatch(/^✔ Changed /);
    expect((await setting())?.value).toBe(false);
    // Off again, written anew: the room gets the notice once more.
    const notice = await world.room.next((m) => m.u._id === world.seed.accounts.bot._id && !known.has(m._id) && isNotice(m));
    expect(notice.msg).toContain('`!info` works right now');
  });

  test('a code whose setting changed meanwhile is void', async () => {
    const proposal = await say('!info enable-slash');
    await world.admin.post(`settings/${SETTING}`, { value: true });
    const answer = await say(`!info confirm ${codeIn(proposal.msg)}`);
    expect(answer.msg).toContain('changed since you asked');
  });
});
