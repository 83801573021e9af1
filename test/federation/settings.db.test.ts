/**
 * Federation settings from chat, end to end (emulator claiming 7.10.2: legacy federation and the Matrix bridge;
 * then 8.0.0: native federation): the DM view, changes validated before anything happens, applied only after the
 * proposer's confirmation through POST /api/v1/settings/:_id, and the documents read from `rocketchat_settings`
 * with the types Rocket.Chat's admin page writes (boolean, string, the select's `dns` / `hub`). In every mode: reading
 * Rocket.Chat's database, and REST-only (no MONGO_URL; the bot's own data in INFOBOT_MONGO_URL, or in its data file
 * under INFOBOT_DATA_DIR), where the settings are read through GET settings/:_id; on 7.10.2 every setting read here
 * is visible to that route (none is registered hidden: src/rc/hidden-settings.ts), so every mode shows the same rows.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OWN_DATA_MODES } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import { startDnsDouble } from './dns-double.js';
import { chatBudget, codeIn, settingsChat } from './settings-chat.js';

const t = await openFileDb();
let dnsDouble: Awaited<ReturnType<typeof startDnsDouble>>;
beforeAll(async () => {
  // The domain the tests set: its SRV record exists (under both protocols), its public-key TXT record does not.
  const srv = { type: 'SRV' as const, data: { target: 'chat.fed.example.org', port: 443, priority: 1, weight: 1 } };
  dnsDouble = await startDnsDouble(new Map([['_rocketchat._https.fed.example.org', [srv]], ['_rocketchat._http.fed.example.org', [srv]]]));
});
afterAll(async () => {
  await dnsDouble?.close();
});

describe.each(OWN_DATA_MODES)('federation settings reading from $source', (mode) => {
  // Started after the DNS double (hooks run in order), stopped before it; the next mode seeds its own workspace.
  const chat = settingsChat(t, () => ({ ...mode, dropWorkspace: true, deps: { slashPollMs: 0, permissionTtlMs: 0, slowNoticeMs: 60_000, dnsServers: [dnsDouble.server] } }));
  const { settings, setting, allSettings, audit, say } = chat;

  /** Proposes, confirms, and returns the proposal and the confirmation's answers. */
  async function change(command: string) {
    const proposal = await say(command);
    const code = codeIn(proposal);
    expect(code, proposal).toBeDefined();
    return { proposal, applied: await say(`!info confirm ${code}`) };
  }

  describe('federation settings from chat (7.10.2: legacy federation and the Matrix bridge)', () => {
    test('the view shows Enabled, Domain, Discovery Method (unset shown as DNS), the Matrix bridge and the three checks', async () => {
      const domain = (await setting('FEDERATION_Domain'))?.value as string;
      // An empty Discovery Method: the modal's select shows DNS for it (`discoveryMethod || 'dns'`).
      await settings().updateOne({ _id: 'FEDERATION_Discovery_Method' }, { $set: { value: '' } });
      // The homeserver token as Rocket.Chat derives it (a SHA-256 hex digest): it must never be shown.
      const hsToken = 'd2a1f3'.repeat(10).slice(0, 64);
      await settings().updateOne({ _id: 'Federation_Matrix_hs_token' }, { $set: { value: hsToken, type: 'string' } }, { upsert: true });
      const answer = await say('!info federation settings');
      expect(answer).toContain('*Rocket.Chat federation (legacy)*');
      expect(answer).toContain('• Enabled: on (`FEDERATION_Enabled`');
      expect(answer).toContain(`• Domain: \`"${domain}"\``);
      expect(answer).toContain('• Discovery Method: DNS (recommended)');
      expect(answer).toContain('*Matrix bridge*');
      expect(answer).toContain('`Federation_Matrix_homeserver_domain`');
      expect(answer).not.toContain('*Native federation*');
      // The bridge's other settings (matrix-federation.ts), read-only here; its tokens never shown.
      expect(answer).toContain('◦ Bridge URL: ');
      expect(answer).toContain('◦ AppService User Localpart: ');
      expect(answer).toContain('◦ Homeserver Token: set (not shown) (`Federation_Matrix_hs_token`)');
      expect(answer).not.toContain(hsToken);
      // Registered only by the 7.11 reorganisation's file: not shown where the workspace does not store it.
      expect(answer).not.toContain('Federation_Matrix_serve_well_known');
      expect(answer).toContain('✅ *Enable Federation*: Federation integration is working correctly.');
      expect(answer).toContain('✅ *Adding Federation to your Server*: Changes needed on your Server the Domain Name, Target and Port.');
      expect(answer).toContain('✅ *Adding Federated Users*: We guide you on how to add your first federated user.');
    });

    // Every refusal of the parser is listed in changes.test.ts; here two of them (a bad value, a word the version
    // lacks) go through chat to show that a refusal proposes nothing and touches no document.
    test('bad values are refused before anything changes: no code, no document touched', async () => {
      const before = await allSettings();
      for (const [command, why] of [
        ['!info federation set domain https://chat.example.com', 'takes a host name'],
        ['!info federation enable native', '`enable` takes nothing or one of `legacy`, `matrix`'],
      ] as const) {
        const answer = await say(command);
        expect(answer, command).toContain(why);
        expect(answer, command).toContain('Nothing was changed.');
        expect(codeIn(answer), command).toBeUndefined();
      }
      expect(await allSettings()).toEqual(before);
    }, chatBudget(2));

    test('without edit-privileged-setting the sender is refused in one line', async () => {
      const before = await allSettings();
      const answer = await say('!info federation set domain other.example.com', 'user');
      expect(answer.split('\n')).toHaveLength(1);
      expect(answer).toContain('`edit-privileged-setting`');
      expect(await say('!info federation settings', 'user')).toContain('`edit-privileged-setting`');
      expect(await allSettings()).toEqual(before);
    }, chatBudget(2));

    test('when the bot account lacks edit-privileged-setting, the proposal is refused in one line', async () => {
      const users = t.db.collection<{ _id: string; roles: string[] }>('users');
      // Only edit-privileged-setting goes: what REST-only mode reads with (the settings, the statistics, senders' roles)
      // stays granted to the `bot` role, as an admin would leave a read-only bot.
      const permissions = t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions');
      const reads = await permissions.find({ _id: { $in: ['view-privileged-setting', 'view-statistics', 'view-full-other-user-info'] } }).toArray();
      await permissions.updateMany({ _id: { $in: reads.map((p) => p._id) } }, { $addToSet: { roles: 'bot' } });
      await users.updateOne({ _id: chat.world.seed.accounts.bot._id }, { $set: { roles: ['bot'] } });
      try {
        const before = await allSettings();
        const answer = await say('!info federation set domain other.example.com');
        expect(answer.split('\n')).toHaveLength(1);
        expect(answer).toMatch(/^I cannot change .*the bot account lacks the Rocket.Chat permission `edit-privileged-setting`/);
        expect(await allSettings()).toEqual(before);
      } finally {
        await users.updateOne({ _id: chat.world.seed.accounts.bot._id }, { $set: { roles: ['bot', 'admin'] } });
        for (const p of reads) await permissions.updateOne({ _id: p._id }, { $set: { roles: p.roles } });
      }
    });

    test('set domain: before → after, nothing until confirmed, then the string lands in rocketchat_settings', async () => {
      const before = await setting('FEDERATION_Domain');
      const proposal = await say('!info federation set domain Fed.Example.ORG');
      expect(proposal).toContain(`(\`FEDERATION_Domain\`): \`"${String(before?.value)}"\` → \`"fed.example.org"\``);
      expect(await setting('FEDERATION_Domain')).toEqual(before);
      const applied = await say(`!info confirm ${codeIn(proposal)}`);
      expect(applied).toMatch(/^✔ Changed /);
      const after = await setting('FEDERATION_Domain');
      expect(after?.value).toBe('fed.example.org');
      expect(after?._updatedAt?.getTime()).toBeGreaterThan(before?._updatedAt?.getTime() ?? 0);
      expect((await audit()).filter((e) => e.settingId === 'FEDERATION_Domain' && e.action === 'apply')).toMatchObject([
        { from: before?.value, to: 'fed.example.org', readBack: 'fed.example.org', outcome: 'applied, read back', user: { username: chat.world.seed.accounts.admin.username } },
      ]);
    }, chatBudget(2));

    // One change a test: each is a few chat round trips of several seconds on a loaded machine.
    test('set discovery hub: the select’s value, shown as HUB', async () => {
      await change('!info federation set discovery HUB');
      expect((await setting('FEDERATION_Discovery_Method'))?.value).toBe('hub');
      expect(await say('!info federation settings')).toContain('• Discovery Method: HUB');
    }, chatBudget(3));

    test('set discovery dns: back to the select’s dns', async () => {
      await change('!info federation set discovery dns');
      expect((await setting('FEDERATION_Discovery_Method'))?.value).toBe('dns');
    }, chatBudget(2));

    test('disable switches FEDERATION_Enabled off as a boolean; the card’s rows follow the confirmation', async () => {
      const { proposal, applied } = await change('!info federation disable');
      expect(proposal).toContain('`true` → `false`');
      expect((await setting('FEDERATION_Enabled'))?.value).toBe(false);
      // FederationCard.tsx: with the switch off every section is UNKNOWN (grey), Healthy or not.
      expect(applied).toContain('*Federation status now*');
      expect(applied).toContain('*Federation* (the Info page\'s card) · Enabled: off · Domain: `"fed.example.org"` · Discovery Method: DNS (recommended)');
      expect(applied).toContain('⚪ *Enable Federation*: Federation integration is working correctly.');
      expect(applied).toContain('⚪ *Adding Federation to your Server*');
      expect(applied).toContain('⚪ *Adding Federated Users*');
      expect(applied).toContain('*Matrix bridge* · Enabled: on');
      expect(applied).not.toContain('*Native federation*');
      expect(await say('!info federation settings')).toContain('⚪ *Enable Federation*');
    }, chatBudget(3));

    test('enable switches FEDERATION_Enabled back on; while unhealthy the setup row fails and “Fix now” appears', async () => {
      expect((await setting('FEDERATION_Enabled'))?.value).toBe(false);
      // Switched on while the cron found the setup unhealthy: the setup row fails and "Fix now!" appears.
      await settings().updateOne({ _id: 'FEDERATION_Healthy' }, { $set: { value: false } });
      const on = await change('!info federation enable');
      expect((await setting('FEDERATION_Enabled'))?.value).toBe(true);
      expect(on.applied).toContain('✅ *Enable Federation*');
      expect(on.applied).toContain('❌ *Adding Federation to your Server*');
      // FEDERATION_Populated is true in the seed: the users row is green whatever Healthy says.
      expect(on.applied).toContain('✅ *Adding Federated Users*');
      expect(on.applied).toContain('Fix now: `/info federation dns`');
      await settings().updateOne({ _id: 'FEDERATION_Healthy' }, { $set: { value: true } });
    }, chatBudget(2));

    test('the Matrix bridge: disable matrix', async () => {
      await change('!info federation disable matrix');
      expect((await setting('Federation_Matrix_enabled'))?.value).toBe(false);
    }, chatBudget(2));

    test('the Matrix bridge: set matrix-domain', async () => {
      await change('!info federation set matrix-domain matrix.example.org');
      expect((await setting('Federation_Matrix_homeserver_domain'))?.value).toBe('matrix.example.org');
    }, chatBudget(2));

    test('the Matrix bridge: set matrix-url; the card shows the bridge as the three changes left it', async () => {
      const { applied } = await change('!info federation set matrix-url https://synapse.example.org:8448');
      expect((await setting('Federation_Matrix_homeserver_url'))?.value).toBe('https://synapse.example.org:8448');
      // The seed's last "check configuration" result is Valid.
      expect(applied).toContain('*Matrix bridge* · Enabled: off · Homeserver Domain: `"matrix.example.org"` · Configuration check: ✅ Valid');
    }, chatBudget(2));

    test("the DNS step: the modal's records for the domain, Rocket.Chat's resolved state, my look-up, and what to fix", async () => {
      const answer = await say('!info federation dns');
      expect(answer).toContain('*DNS records for* `fed.example.org`');
      expect(answer).toContain('*Configure DNS*');
      expect(answer).toContain('*Legacy support*');
      // Rocket.Chat resolved nothing (FEDERATION_ResolvedSRV is `{}`): the SRV rows fail, as in the modal.
      expect(answer).toContain('❌ Service: `_rocketchat`');
      expect(answer).toContain('✅ Host: `rocketchat-public-key.fed`');
      // My look-up finds the SRV record, but it points elsewhere than Site_Url (the seed's http://localhost:3000):
      // the modal's Target and Port rules fail it, and the fixes name Site_Url's host and port.
      expect(answer).toContain("❌ `_rocketchat._http.fed.example.org` target `chat.fed.example.org`, but Site_Url's host is `localhost`");
      expect(answer).toContain('❌ `_rocketchat._http.fed.example.org` port `443`, but Site_Url is served on `3000`');
      expect(answer).toContain('❌ `rocketchat-public-key.fed.example.org`: no such record');
      expect(answer).toContain(
        [
          '*Fix now*',
          "• change the target of `_rocketchat._http.fed.example.org` to `localhost` (Site_Url's host)",
          '• change the port of `_rocketchat._http.fed.example.org` to `3000`',
          '• add the TXT record `rocketchat-public-key.fed.example.org`',
        ].join('\n'),
      );
      expect(answer).not.toContain('add the SRV record');
    });
  });
});
