/**
 * Native federation from chat, end to end, on a workspace claiming Rocket.Chat 8.0.0 (real bot, real SDK, the
 * emulator over sockets, the file's test database): 8.x registers only the native federation settings
 * (apps/meteor/server/settings/federation-service.ts; the legacy and Matrix bridge ones were kept "for admin UI
 * information purposes" until 8.0, apps/meteor/server/settings/index.ts). The view, a change confirmed and written
 * through POST /api/v1/settings/:_id, the document read from `rocketchat_settings` with only `value` and
 * `_updatedAt` changed (Settings.updateValueNotHiddenById), the audit, and the status rows after the change.
 */
import { expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import { chatBudget, codeIn, type SettingDoc, settingsChat } from './settings-chat.js';

const t = await openFileDb();
const chat = settingsChat(t, () => ({ rcVersion: '8.0.0', deps: { slashPollMs: 0, permissionTtlMs: 0, slowNoticeMs: 60_000 } }));
const { settings, setting, allSettings, audit, say } = chat;

/** The fields of a setting document other than the two a value write changes. */
const withoutWrite = (doc: SettingDoc | null) => {
  const { value: _value, _updatedAt: _at, ...rest } = doc ?? { _id: '' };
  return rest;
};

test('8.0.0: the view shows native federation alone, its other settings with what each means, no secret', async () => {
  // A signing key as Rocket.Chat registers one (a random base64 ed25519 key): never shown.
  const signingKey = 'c2VjcmV0LXNpZ25pbmcta2V5LW5ldmVyLXNob3du';
  await settings().updateOne({ _id: 'Federation_Service_Matrix_Signing_Key' }, { $set: { value: signingKey, type: 'password' } }, { upsert: true });
  const answer = await say('!info federation settings');
  expect(answer).not.toContain(signingKey);
  expect(answer).toContain('◦ Signing Key: set (not shown) (`Federation_Service_Matrix_Signing_Key`)');
  // Not written yet: Rocket.Chat's registered defaults (federation-service.ts).
  expect(answer).toContain('◦ Allow List: (empty) (default) (`Federation_Service_Allow_List`)');
  expect(answer).toContain('◦ Process typing events: on (default) (`Federation_Service_EDU_Process_Typing`)');
  expect(answer).toContain('◦ Maximum size of public rooms to join: `100` (default)');
  expect(answer).not.toContain('Federation_Matrix_');
  expect(answer).toContain('(Rocket.Chat 8.0.0)');
  expect(answer).toContain('*Native federation*');
  expect(answer).toContain('• Enabled: off (`Federation_Service_Enabled`');
  expect(answer).toContain('• Domain: (empty) (`Federation_Service_Domain`');
  expect(answer).not.toContain('*Rocket.Chat federation (legacy)*');
  expect(answer).not.toContain('*Matrix bridge*');
});

// Every refusal on 8.0.0 is listed in changes.test.ts; here two go through chat, touching no document.
test('8.0.0: the legacy and Matrix words are refused before anything changes', async () => {
  const before = await allSettings();
  for (const [command, why] of [
    ['!info federation set matrix-domain chat.example.com', '`set` takes one of `native-domain`'],
    ['!info federation enable matrix', '`enable` takes nothing or one of `native`'],
  ] as const) {
    const answer = await say(command);
    expect(answer, command).toContain(why);
    expect(codeIn(answer), command).toBeUndefined();
  }
  expect(await allSettings()).toEqual(before);
}, chatBudget(2));

test('8.0.0: a user without edit-privileged-setting is refused in one line, nothing changes', async () => {
  const before = await allSettings();
  const answer = await say('!info federation enable', 'user');
  expect(answer.split('\n')).toHaveLength(1);
  expect(answer).toContain('`edit-privileged-setting`');
  expect(await allSettings()).toEqual(before);
});

test('8.0.0: set native-domain, confirmed: the string lands, read back, audited, the status rows follow', async () => {
  const before = await setting('Federation_Service_Domain');
  const proposal = await say('!info federation set native-domain Fed.Example.ORG');
  const from = before?.value ?? '';
  expect(proposal).toContain(`(\`Federation_Service_Domain\`): \`${JSON.stringify(from)}\` → \`"fed.example.org"\``);
  expect(await setting('Federation_Service_Domain')).toEqual(before);

  const applied = await say(`!info confirm ${codeIn(proposal)}`);
  expect(applied).toMatch(/^✔ Changed .*read back from Rocket.Chat/);
  const after = await setting('Federation_Service_Domain');
  expect(after?.value).toBe('fed.example.org');
  expect(after?._updatedAt?.getTime()).toBeGreaterThan(before?._updatedAt?.getTime() ?? 0);
  // The registry's document (federation-service.ts: a string, enterprise, module `federation`, not public).
  expect(after).toMatchObject({ type: 'string', enterprise: true, modules: ['federation'], public: false });
  if (before) expect(withoutWrite(after)).toEqual(withoutWrite(before));

  expect(applied).toContain('*Federation status now*');
  expect(applied).toContain('*Native federation* · Enabled: off · Domain: `"fed.example.org"`');
  expect(applied).not.toContain('*Matrix bridge*');
  expect((await audit()).filter((e) => e.settingId === 'Federation_Service_Domain' && e.action === 'apply')).toMatchObject([
    { from, to: 'fed.example.org', readBack: 'fed.example.org', outcome: 'applied, read back', user: { username: chat.world.seed.accounts.admin.username } },
  ]);
}, chatBudget(2));

test('8.0.0: enable (no word: native on 8.x) writes the boolean; disable native undoes it', async () => {
  const before = await setting('Federation_Service_Enabled');
  const proposal = await say('!info federation enable');
  expect(proposal).toContain('(`Federation_Service_Enabled`): `false` → `true`');
  const applied = await say(`!info confirm ${codeIn(proposal)}`);
  const after = await setting('Federation_Service_Enabled');
  expect(after?.value).toBe(true);
  // The seeded document (test/support/seed/settings.ts) is kept as it was, but for the value and its time.
  expect(after).toMatchObject({ type: 'boolean' });
  if (before) expect(withoutWrite(after)).toEqual(withoutWrite(before));
  expect(applied).toContain('*Native federation* · Enabled: on · Domain: `"fed.example.org"`');

  const off = await say('!info federation disable native');
  expect(off).toContain('`true` → `false`');
  expect(await say(`!info confirm ${codeIn(off)}`)).toContain('*Native federation* · Enabled: off');
  expect((await setting('Federation_Service_Enabled'))?.value).toBe(false);
  const applies = (await audit()).filter((e) => e.settingId === 'Federation_Service_Enabled' && e.action === 'apply');
  expect(applies.map((e) => [e.from, e.to, e.readBack])).toEqual([
    [false, true, true],
    [true, false, false],
  ]);
}, chatBudget(4));
