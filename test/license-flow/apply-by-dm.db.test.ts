/**
 * Applying an offline license by DM, end to end: a real admin client talks to the real bot (real SDK, real driver)
 * through the Rocket.Chat emulator, whose licenses.add and Enterprise_License_Status behave as Rocket.Chat's; licenses
 * are signed in the test with a generated key given to both. The last test searches everything the bot logged, sent
 * and stored during the file for any piece of any license used.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { featureName } from '../../src/license/modules.js';
import { licenseFingerprint } from '../../src/license/verify.js';
import { scrape } from '../ops/support/scrape.js';
import { openFileDb } from '../support/db.js';
import { makeLicenseV2, makeLicenseV3 } from '../support/license-signer.js';
import type { Message } from '../support/rc-user.js';
import {
  answerTo,
  type Conversation,
  codeOf,
  everythingTheBotEmitted,
  fields,
  type LicenseWorld,
  leakFinder,
  period,
  press,
  say,
  startLicenseWorld,
  upload,
  visible,
} from './support/license-world.js';
import { botDataOf, OWN_DATA_MODES } from '../bot/support/world.js';
import { fileAudit } from '../store/support/data-files.js';

const t = await openFileDb();
let lw: LicenseWorld;
let admin: Conversation;
const MINUTE = 60_000;
/**
 * The budget of a test that applies a license, per answer it waits for: in REST-only mode each answer reads Rocket.Chat
 * over REST several times (settings, licenses.info, the statistics), up to ~6 s on FerretDB at load 11; the application
 * tests took 14 to 18 s of the default 30 s there.
 */
const ANSWER_MS = 15_000;

// The same conversations in every mode: reading Rocket.Chat's database, and REST-only (no MONGO_URL), where the
// workspace's license settings and counters come through REST (issue 18), with the bot's own data (pending
// confirmations, audit) in INFOBOT_MONGO_URL or, without it, in the data file.
describe.each(OWN_DATA_MODES.map((mode) => ({ ...mode, data: botDataOf(mode) })))('the license flow reading from $source, its own data in a $data', (mode) => {
  beforeAll(async () => {
    // A license replacing a valid one may be judged 'Valid' only once the whole wait has passed with the status
    // unchanged (license/apply.ts): 3 s instead of 15 keeps those applications (prevent_action, the retry after
    // Rocket.Chat failed) well under half their 30 s on FerretDB, where REST-only mode took 20 to 27 s with 15.
    lw = await startLicenseWorld(t, { licenseFlow: { applyWaitMs: 3_000, applyPollMs: 200 } }, mode);
    admin = await lw.conversation(lw.world.admin);
  }, 120_000);
  afterAll(async () => {
    await lw?.stop();
    // The other mode seeds its own workspace into the file's database.
    await t.db.dropDatabase();
  });

  const short = (text: string) => `sha256:${licenseFingerprint(text).slice(0, 16)}`;
  const actionsOf = (m: Message) => (m.attachments ?? []).flatMap((a) => (a.actions ?? []) as unknown[]);
  /** The license audit, oldest first, read back raw from the bot's database or data file. */
  const audit = async () =>
    (mode.data === 'file'
      ? await fileAudit(lw.world.config.dataDir, 'license_audit')
      : await lw.storeDb().collection('license_audit').find({}).sort({ at: 1, _id: 1 }).toArray()) as unknown as (Record<string, unknown> & { user: { username: string }; outcome: string; fingerprint: string | null })[];
  const lastAudit = async () => (await audit()).at(-1);
  const sayTo = (c: Conversation, text: string) => say(c, lw.botId, text);

  async function installed(): Promise<{ license: unknown; status: unknown }> {
    return { license: await lw.setting('Enterprise_License'), status: await lw.setting('Enterprise_License_Status') };
  }

  /** Rocket.Chat's own seat count, as its licenses.info reports it to an admin. */
  async function seatsInUse(): Promise<number> {
    const info = await lw.world.admin.get<{ license: { limits: { activeUsers: { value: number } } } }>('licenses.info', { loadValues: 'true' });
    return info.license.limits.activeUsers.value;
  }

  describe('checking a license sent by DM', () => {
    test('`license` alone explains what to send and that nothing is applied before confirming', async () => {
      const before = (await audit()).length;
      const answer = await sayTo(admin, 'license');
      expect(answer.msg).toMatch(/send me its text here, in this direct message/);
      expect(answer.msg).toMatch(/`\.txt` file/);
      expect(answer.msg).toMatch(/Nothing is applied until you confirm/);
      expect((await audit()).length).toBe(before);
    });

    test.each([
      ['expired', () => lw.v3(period(-60, -2)), 'period', /The license expired on \d{4}-\d\d-\d\d/],
      ['not yet valid', () => lw.v3(period(5, 365)), 'period', /The license is not valid yet: it starts on \d{4}-\d\d-\d\d/],
      ['for another URL', () => lw.v3({ validation: { serverUrls: [{ value: 'chat.example.org', type: 'url' }] } }), 'url', /The license is for "chat\.example\.org" \(url\), not for this workspace \(localhost:3000\)/],
      ['over an invalidate_license seat limit', () => lw.v3({ limits: { activeUsers: [{ max: 1, behavior: 'invalidate_license' }] } }), 'limit', /Limit exceeded: \d+ active users \(seats\), the license allows 1; Rocket\.Chat invalidates the license/],
      ['signed with another key', () => lw.foreignV3(), 'signature', /signature does not match the license public key/],
      ['garbage', () => 'this is certainly not a license', 'format', /This is not a (v2 )?license/],
    ])('a license %s is refused with its reason, and nothing is applied', async (_, make, code, reason) => {
      const before = await installed();
      const text = make();
      const answer = await sayTo(admin, `license ${text}`);
      expect(answer.msg).toMatch(/I will not apply this license: it is not valid for this workspace/);
      expect(fields(answer, 0).Verdict).toMatch(new RegExp(`✘ not valid \\(.*${code}.*\\)`));
      expect(visible(answer)).toMatch(reason);
      expect(actionsOf(answer)).toEqual([]);
      expect(await installed()).toEqual(before);
      expect(await lastAudit()).toMatchObject({ action: 'check', fingerprint: licenseFingerprint(text), verdict: { valid: false }, outcome: 'not valid: not offered for applying' });
    });

    test('an empty .txt file is refused as an empty license', async () => {
      const before = await installed();
      const answer = await answerTo(admin, lw.botId, () => upload(admin.user, admin.roomId, 'license.txt', '  \n'));
      expect(fields(answer, 0).Verdict).toMatch(/✘ not valid \(empty\)$/);
      expect(visible(answer)).toMatch(/The license is empty/);
      expect(actionsOf(answer)).toEqual([]);
      expect(await installed()).toEqual(before);
    });

    test('a valid v3 license pasted bare gets its verdict card, and the Apply button applies it and reads the status back', async () => {
      const text = lw.v3();
      const seats = await seatsInUse();
      const answer = await sayTo(admin, text);
      expect(answer.msg).toMatch(/✔ This license is valid for this workspace\. Nothing changes until you confirm: press \*Apply license\* or reply `apply [A-Z2-9]{6}`/);
      const verdict = fields(answer, 0);
      expect(verdict.Verdict).toBe('✔ valid for this workspace');
      expect(verdict.Plan).toBe('Premium');
      expect(verdict['Seats (active users)']).toBe(`${seats} / 1000 (${1000 - seats} seats left)`);
      expect(verdict['Valid until']).toMatch(/\(36[45] days left\)$/);
      for (const { module } of makeLicenseV3().grantedModules) expect(verdict['Features granted']).toContain(featureName(String(module)));
      expect(verdict['Features granted']).toContain('Read receipts');
      const comparison = fields(answer, 1);
      expect(comparison['Installed now']).toBe('none (Community)');
      expect(comparison.Plan).toBe('Community → Premium');
      expect(comparison['Features gained']).toContain('Omnichannel');
      expect(await installed()).toEqual({ license: '', status: '' });

      const applied = await answerTo(admin, lw.botId, () => press(admin, answer, 'Apply license'));
      expect(applied.msg).toBe('✔ Applied: Rocket.Chat reports the license valid (`Enterprise_License_Status`: Valid).');
      expect(fields(applied, 0).License).toBe('Valid, v3');
      expect(await installed()).toEqual({ license: text, status: 'Valid' });
      const info = await lw.world.admin.get<{ license: { hasValidLicense: boolean; activeModules: string[] } }>('licenses.info');
      expect(info.license.hasValidLicense).toBe(true);
      expect(info.license.activeModules).toEqual(expect.arrayContaining(makeLicenseV3().grantedModules.map((m) => m.module)));
      const [check, apply] = (await audit()).slice(-2);
      expect(check).toMatchObject({ action: 'check', user: { username: 'admin' }, fingerprint: licenseFingerprint(text), outcome: 'valid: waiting for confirmation', previousFingerprint: null });
      expect(apply).toMatchObject({ action: 'apply', user: { username: 'admin' }, roomId: admin.roomId, fingerprint: licenseFingerprint(text), outcome: 'applied, valid', previousFingerprint: null });
    }, 4 * ANSWER_MS);

    test('a v2 license after `license`, confirmed by typing its code in lower case, replaces the v3 one; the card said what changes', async () => {
      const previous = String((await installed()).license);
      const text = lw.v2();
      const answer = await sayTo(admin, `license ${text}`);
      expect(fields(answer, 0).Format).toBe('v2 (read as Rocket.Chat 6.5+ converts it)');
      expect(fields(answer, 0).Plan).toBe('Enterprise');
      const comparison = fields(answer, 1);
      expect(comparison['Installed now']).toBe(short(previous));
      // Rocket.Chat 7.x (the emulated workspace's version) converts a v2 license with these modules added to the listed ones.
      const v2Modules = new Set([...makeLicenseV2().modules, 'teams-voip', 'contact-id-verification', 'hide-watermark']);
      const v3Modules = new Set<string>(makeLicenseV3().grantedModules.map((m) => m.module));
      const names = (modules: string[]) => modules.map(featureName).sort((a, b) => a.localeCompare(b)).join(', ');
      expect(comparison['Features lost']).toBe(`⚠️ ${names([...v3Modules].filter((m) => !v2Modules.has(m)))}`);
      expect(comparison['Features gained']).toBe(names([...v2Modules].filter((m) => !v3Modules.has(m))));
      expect(comparison['Guest users']).toBe('⚠️ none → 100'); // a new limit where there was none restricts

      const applied = await sayTo(admin, `apply ${codeOf(answer).toLowerCase()}`);
      expect(applied.msg).toMatch(/^✔ Applied/);
      expect(fields(applied, 0).License).toBe('Valid, v2');
      expect(await installed()).toEqual({ license: text, status: 'Valid' });
      expect(await lastAudit()).toMatchObject({ action: 'apply', outcome: 'applied, valid', previousFingerprint: licenseFingerprint(previous), verdict: { valid: true, version: 2 } });
    });

    test('a license uploaded as a .txt file is downloaded through Rocket.Chat and applied', async () => {
      const text = lw.v3({ limits: { activeUsers: [{ max: 2000, behavior: 'prevent_action' }] } });
      const answer = await answerTo(admin, lw.botId, () => upload(admin.user, admin.roomId, 'license.txt', `${text}\n`));
      expect(fields(answer, 0).Verdict).toBe('✔ valid for this workspace');
      expect(fields(answer, 1)['Seats (active users)']).toBe('1000 → 2000');
      const applied = await answerTo(admin, lw.botId, () => press(admin, answer, 'Apply license'));
      expect(applied.msg).toMatch(/^✔ Applied/);
      expect(await installed()).toEqual({ license: text, status: 'Valid' });
    });

    test('the license already installed is recognised and not offered again', async () => {
      const text = String((await installed()).license);
      const answer = await sayTo(admin, text);
      expect(answer.msg).toBe('This license is already installed on this workspace: there is nothing to apply.');
      expect(fields(answer, 1)['Installed now']).toBe(`${short(text)} (this very license)`);
      expect(actionsOf(answer)).toEqual([]);
    });

    test('`license status` shows the installed license card, read now, with Rocket.Chat’s own status', async () => {
      const text = String((await installed()).license);
      const answer = await sayTo(admin, 'license status');
      expect(answer.msg).toMatch(/I can apply licenses/);
      const card = fields(answer, 0);
      expect(card.License).toBe('Valid, v3');
      expect(card["Rocket.Chat's status"]).toBe('Valid');
      expect(card.Fingerprint).toBe(short(text));
      expect(card['Seats (active users)']).toMatch(/ \/ 2000 /);
    });
  });

  describe('confirmations that apply nothing', () => {
    test('a code confirmed by another admin is refused', async () => {
      const bob = await lw.conversation(await lw.newUser('bob', ['admin']));
      const before = await installed();
      const answer = await sayTo(admin, lw.v3({ information: { tags: [{ name: 'Other', color: '#111111' }] } }));
      const code = codeOf(answer);
      const refused = await sayTo(bob, `apply ${code}`);
      expect(refused.msg).toBe(`The code \`${code}\` belongs to a license @admin sent: only they can confirm it. Nothing was applied.`);
      expect(await installed()).toEqual(before);
      expect(await lastAudit()).toMatchObject({ action: 'refused', user: { username: 'bob' }, outcome: 'another admin’s code' });
    });

    test('a code nobody was given is refused, and text that is not a code is not repeated', async () => {
      const before = await installed();
      expect((await sayTo(admin, 'apply ZZZZZZ')).msg).toBe('No license is waiting under the code `ZZZZZZ`. Send the license again to get a new code. Nothing was applied.');
      expect((await sayTo(admin, 'apply my-secret-value-that-is-no-code')).msg).toBe('`apply` takes the 6-character code from the license card, e.g. `apply K7Q2XM`.');
      expect(await installed()).toEqual(before);
    });

    test('an expired code is refused', async () => {
      const before = await installed();
      const code = codeOf(await sayTo(admin, lw.v3()));
      lw.advance(11 * MINUTE);
      const refused = await sayTo(admin, `apply ${code}`);
      expect(refused.msg).toMatch(new RegExp(`^The code \`${code}\` expired at .* \\(codes last 10 minutes\\)\\. Send the license again`));
      expect(await installed()).toEqual(before);
    });

    test('a cancelled license is not applied', async () => {
      const before = await installed();
      const text = lw.v3();
      const answer = await sayTo(admin, text);
      const cancelled = await answerTo(admin, lw.botId, () => press(admin, answer, 'Cancel'));
      expect(cancelled.msg).toBe(`Cancelled: ${short(text)} (code \`${codeOf(answer)}\`) will not be applied. Nothing changed.`);
      const refused = await sayTo(admin, `apply ${codeOf(answer)}`);
      expect(refused.msg).toMatch(/was cancelled/);
      expect(await installed()).toEqual(before);
      expect(await sayTo(admin, 'cancel')).toMatchObject({ msg: 'Nothing to cancel: no license of yours is waiting for confirmation.' });
    });

    test('the code of a license superseded by a newer one is refused and points to the newer code', async () => {
      const before = await installed();
      const first = codeOf(await sayTo(admin, lw.v3()));
      const second = codeOf(await sayTo(admin, lw.v3({ limits: { activeUsers: [{ max: 3000, behavior: 'prevent_action' }] } })));
      const refused = await sayTo(admin, `apply ${first}`);
      expect(refused.msg).toMatch(new RegExp(`you have since replaced by sending another one: confirm that one with \`apply ${second}\``));
      expect(await installed()).toEqual(before);
      await sayTo(admin, 'cancel');
    });

    test('a user without edit-privileged-setting gets the refusal only: no card, nothing checked or recorded', async () => {
      const alice = await lw.conversation(lw.world.user);
      const before = (await audit()).length;
      const answer = await sayTo(alice, lw.v3());
      expect(answer.msg).toMatch(/needs the Rocket\.Chat permission `edit-privileged-setting`, which none of your roles has/);
      expect(answer.attachments ?? []).toEqual([]);
      expect((await audit()).length).toBe(before);
    });

    test('Rocket.Chat failing during the application: the admin is told, nothing is recorded as applied, and the same code works once it is back', async () => {
      const before = await installed();
      const text = lw.v3({ limits: { activeUsers: [{ max: 4000, behavior: 'prevent_action' }] } });
      const code = codeOf(await sayTo(admin, text));
      lw.world.emulator.faults.failRest(/licenses\.add/, 503);
      try {
        const failed = await sayTo(admin, `apply ${code}`);
        expect(failed.msg).toMatch(new RegExp(`^⛔ Nothing was applied: Rocket.Chat did not answer \\(.*HTTP 503.*\\)\\. Reply \`apply ${code}\` again once it is back`));
      } finally {
        lw.world.emulator.faults.failRest(null);
      }
      expect(await installed()).toEqual(before);
      expect(await lastAudit()).toMatchObject({ action: 'apply', fingerprint: licenseFingerprint(text), outcome: expect.stringMatching(/^not applied, Rocket\.Chat unreachable/) });
      expect((await audit()).filter((e) => e.fingerprint === licenseFingerprint(text) && e.outcome === 'applied, valid')).toEqual([]);

      const retried = await sayTo(admin, `apply ${code}`);
      expect(retried.msg).toMatch(/^✔ Applied/);
      expect(await installed()).toEqual({ license: text, status: 'Valid' });
    }, 4 * ANSWER_MS);

    test('a license over its seats under prevent_action is applied, as licenses.add does, with the warning that new users are blocked', async () => {
      const text = lw.v3({ limits: { activeUsers: [{ max: 1, behavior: 'prevent_action' }] } });
      const seats = await seatsInUse();
      const answer = await sayTo(admin, text);
      expect(answer.msg).toMatch(/^✔ This license is valid for this workspace\./);
      expect(answer.msg).toMatch(new RegExp(`${seats} active users \\(seats\\), the license allows 1; new users are blocked`));
      expect(fields(answer, 0).Verdict).toBe('✔ valid for this workspace (with warnings below)');
      expect(fields(answer, 0)['Seats (active users)']).toBe(`⛔ ${seats} / 1: new users are blocked`);
      const applied = await answerTo(admin, lw.botId, () => press(admin, answer, 'Apply license'));
      expect(applied.msg).toMatch(/^✔ Applied/);
      expect(await installed()).toEqual({ license: text, status: 'Valid' });
      expect(await lastAudit()).toMatchObject({ action: 'apply', fingerprint: licenseFingerprint(text), outcome: 'applied, valid' });
      // Rocket.Chat itself now blocks new users: its licenses.info reports the activeUsers action as prevented.
      const info = await lw.world.admin.get<{ license: { preventedActions: Record<string, boolean> } }>('licenses.info');
      expect(info.license.preventedActions.activeUsers).toBe(true);
    }, 4 * ANSWER_MS);

    test('when the bot’s account lacks edit-privileged-setting, the card says so instead of offering to apply', async () => {
      const users = t.db.collection<{ _id: string; roles: string[] }>('users');
      const bot = await users.findOne({ _id: lw.botId });
      // Only edit-privileged-setting goes: what REST-only mode reads with (the license settings and counters, the
      // statistics, senders' roles) stays granted to the `bot` role, as an admin would leave a read-only bot.
      const permissions = t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions');
      const reads = await permissions.find({ _id: { $in: ['view-privileged-setting', 'view-statistics', 'view-full-other-user-info'] } }).toArray();
      await permissions.updateMany({ _id: { $in: reads.map((p) => p._id) } }, { $addToSet: { roles: 'bot' } });
      await users.updateOne({ _id: lw.botId }, { $set: { roles: ['bot'] } });
      lw.advance(2 * MINUTE);
      try {
        const answer = await sayTo(admin, lw.v3());
        expect(answer.msg).toMatch(/✔ This license is valid for this workspace, but I cannot apply it: my account lacks the Rocket\.Chat permission `edit-privileged-setting`/);
        expect(actionsOf(answer)).toEqual([]);
        expect((await sayTo(admin, 'license status')).msg).toMatch(/I can check licenses but not apply them/);
      } finally {
        await users.updateOne({ _id: lw.botId }, { $set: { roles: bot?.roles ?? [] } });
        for (const p of reads) await permissions.updateOne({ _id: p._id }, { $set: { roles: p.roles } });
        lw.advance(2 * MINUTE);
      }
    });
  });

  describe('the audit', () => {
    test('`license history` lists the last entries, newest first: who, which license, the outcome', async () => {
      const entries = (await audit()).reverse().slice(0, 15);
      const answer = await sayTo(admin, 'license history');
      const lines = answer.msg.split('\n').slice(1);
      expect(lines).toHaveLength(entries.length);
      for (const [i, entry] of entries.entries()) {
        expect(lines[i]).toContain(`@${entry.user.username} `);
        expect(lines[i]).toContain(`→ ${entry.outcome}`);
        if (entry.fingerprint) expect(lines[i]).toContain(`sha256:${String(entry.fingerprint).slice(0, 16)}`);
      }
    });
  });

  describe('metrics', () => {
    test('infobot_license_applications_total counts every application by outcome, as the audit records them', async () => {
      const { samples } = await scrape(lw.world.bot.ops.port as number);
      // The audit's words for each outcome of licenses.add (src/license/flow/confirm.ts); `not applied: …` never reached it.
      const kinds: [RegExp, string][] = [
        [/^applied, valid$/, 'valid'],
        [/^stored, but Rocket\.Chat judges it invalid/, 'invalid'],
        [/^stored, not confirmed/, 'unconfirmed'],
        [/^refused by Rocket\.Chat/, 'refused'],
        [/^not applied, Rocket\.Chat unreachable/, 'unreachable'],
      ];
      const expected: Record<string, number> = {};
      for (const entry of (await audit()).filter((e) => e.action === 'apply')) {
        const kind = kinds.find(([pattern]) => pattern.test(String(entry.outcome)))?.[1];
        if (kind) expected[`infobot_license_applications_total{outcome="${kind}"}`] = (expected[`infobot_license_applications_total{outcome="${kind}"}`] ?? 0) + 1;
      }
      expect(Object.keys(expected).length).toBeGreaterThanOrEqual(2);
      expect(Object.fromEntries([...samples].filter(([name]) => name.startsWith('infobot_license_applications_total')))).toEqual(expected);
    });
  });

  describe('secrecy', () => {
    test('no piece of any license used in this file is in any log line, any message the bot sent, or the bot’s database', async () => {
      await lw.world.bot.dispatcher.close(5_000);
      const find = leakFinder(lw.licenses);
      // The admin's own messages carry the licenses: the finder must see them there.
      const pasted = await t.db.collection('rocketchat_message').find({ 'u._id': lw.world.seed.accounts.admin._id }).toArray();
      expect(pasted.filter((m) => find(JSON.stringify(m))).length).toBeGreaterThan(5);
      const emitted = await everythingTheBotEmitted(lw);
      expect(emitted.length).toBeGreaterThan(50);
      expect(lw.logLines.some((line) => /"level":20/.test(line))).toBe(true);
      const leaks = emitted.flatMap(({ where, text }) => {
        const piece = find(text);
        return piece ? [`${where}: …${piece}…`] : [];
      });
      expect(leaks).toEqual([]);
    });
  });
});
