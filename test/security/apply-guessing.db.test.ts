/**
 * Security review finding 8 (apply-code guessing): 60 unknown `apply` codes in 2 s from one admin were each answered and
 * each wrote an audit document. Now wrong codes are counted per sender and not audited one by one: the fifth within ten
 * minutes locks the sender out of `apply` for fifteen (src/license/flow/guesses.ts), and that lockout is the one audit
 * entry. The real bot, SDK and emulator; the bot's test clock moves the lockout past its end. The bot is given a limit
 * of two wrong codes (each answer is a round trip through Rocket.Chat and both databases, seconds on FerretDB under
 * load); the production limit of five is tested on the limiter itself (test/license-flow/guesses.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_GUESS_LIMITS } from '../../src/license/flow/guesses.js';
import { openFileDb } from '../support/db.js';
import { codeOf, type Conversation, type LicenseWorld, say, startLicenseWorld } from '../license-flow/support/license-world.js';

const t = await openFileDb();
const LIMITS = { ...DEFAULT_GUESS_LIMITS, max: 2 };
let lw: LicenseWorld;
let admin: Conversation;

beforeAll(async () => {
  lw = await startLicenseWorld(t, { licenseFlow: { guessLimits: LIMITS } });
  admin = await lw.conversation(lw.world.admin);
}, 120_000);
afterAll(async () => lw?.stop());

const audit = () => lw.storeDb().collection<{ action: string; outcome: string; user: { username: string } }>('license_audit').find({}).toArray();
const installed = () => lw.setting('Enterprise_License');
const UNKNOWN = /^No license is waiting under the code `[A-Z0-9]{6}`\. Send the license again to get a new code\. Nothing was applied\.$/;
const LOCKED = /Too many wrong codes: `apply` is paused for you until .+\. Nothing was applied\.$/;

// One test per step, each at most three answers: beside another suite on FerretDB under load, one answer took up to 4 s.
describe('security review finding 8: apply-code guessing', () => {
  const state: { code?: string; before?: unknown; auditBefore?: number } = {};

  test('finding 8 (guessing): wrong codes are not audited one by one; the one reaching the limit locks the sender out, audited once', async () => {
    state.code = codeOf(await say(admin, lw.botId, lw.v3()));
    state.before = await installed();
    const auditBefore = (await audit()).length;
    state.auditBefore = auditBefore;
    expect((await say(admin, lw.botId, 'apply ZZZZZ2')).msg).toMatch(UNKNOWN);
    expect((await audit()).length, 'a wrong code below the limit, no audit entry').toBe(auditBefore);

    const last = (await say(admin, lw.botId, 'apply ZZZZZ3')).msg;
    expect(last).toMatch(/^No license is waiting under the code `ZZZZZ3`/);
    expect(last).toMatch(LOCKED);
    const entries = (await audit()).slice(auditBefore);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'refused', outcome: 'locked out of apply after 2 wrong codes in 10 minutes', user: { username: 'admin' } });
  });

  test('finding 8 (guessing): locked out, more guesses and even the sender’s own valid code are refused without a look-up or an audit entry', async () => {
    const { code, before, auditBefore } = state as Required<typeof state>;
    expect(code, 'the code of the test before').toBeTruthy();
    expect((await say(admin, lw.botId, 'apply ZZZZZ7')).msg).toMatch(LOCKED);
    expect((await say(admin, lw.botId, `apply ${code}`)).msg).toMatch(LOCKED);
    expect((await audit()).length).toBe(auditBefore + 1);
    expect(await installed()).toEqual(before);
  });

  test('finding 8 (guessing): the lockout ends; codes are looked up again, and a wrong one is counted afresh', async () => {
    lw.advance(16 * 60_000);
    expect((await say(admin, lw.botId, 'apply ZZZZZ8')).msg).toMatch(UNKNOWN);
  });

  test('finding 8 (guessing): after the lockout, a license is checked and applied with its code', async () => {
    const code = codeOf(await say(admin, lw.botId, lw.v3()));
    expect((await say(admin, lw.botId, `apply ${code}`)).msg).toMatch(/^✔ Applied/);
  });
});
