/**
 * Settings Rocket.Chat registers hidden, in both modes, on a workspace claiming 7.11.0: the reorganisation
 * (RocketChat/Rocket.Chat#36991) registers the Matrix bridge's configuration check result and the legacy
 * FEDERATION_Domain hidden (apps/meteor/server/services/federation/Settings.ts, apps/meteor/server/settings/federation.ts),
 * and GET /api/v1/settings/:_id answers a hidden setting as it does an unknown one (apps/meteor/app/api/server/v1/settings.ts,
 * Settings.findOneNotHiddenById). Reading the database the bot shows the stored value; in REST-only mode it says the
 * value is not readable through REST, not that the check failed or the domain is unset: in the status rows after a
 * change, the DNS step and the Federation card.
 */
import { describe, expect, test } from 'vitest';
import { HIDDEN_SETTING_TEXT } from '../../src/rc/hidden-settings.js';
import { ask, fieldsOf, OWN_DATA_MODES } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import { chatBudget, codeIn, settingsChat } from './settings-chat.js';

const t = await openFileDb();

describe.each(OWN_DATA_MODES)('7.11.0, reading from $source', (mode) => {
  const chat = settingsChat(t, () => ({ ...mode, rcVersion: '7.11.0', dropWorkspace: true, deps: { slashPollMs: 0, permissionTtlMs: 0, slowNoticeMs: 60_000 } }));
  const { setting, say } = chat;
  const rest = mode.source === 'rest';

  test(`the status rows after a change give the Matrix configuration check ${rest ? 'as not readable through REST' : 'as stored'}`, async () => {
    // The seed stores the check's last result as Valid: a bot that read it as absent would say Invalid.
    expect((await setting('Federation_Matrix_configuration_status'))?.value).toBe('Valid');
    const proposal = await say('!info federation set native-domain fed.example.org');
    const applied = await say(`!info confirm ${codeIn(proposal)}`);
    expect(applied).toContain('*Federation status now*');
    expect(applied).toContain(
      `· Configuration check: ${rest ? '❔ not readable through REST (hidden setting) `Federation_Matrix_configuration_status`' : '✅ Valid'}`,
    );
  }, chatBudget(2));

  test(`the DNS step ${rest ? 'says the domain is not readable through REST' : 'reads the stored domain'}`, async () => {
    const domain = (await setting('FEDERATION_Domain'))?.value;
    expect(domain).toEqual(expect.any(String));
    const answer = await say('!info federation dns');
    if (rest) {
      expect(answer).toBe(
        "The federation domain `FEDERATION_Domain` is not readable through REST (hidden setting) on this workspace's version, so the bot cannot list its DNS records.",
      );
    } else {
      expect(answer).toContain(`*DNS records for* \`${String(domain)}\``);
    }
  });

  test(`the Federation card ${rest ? 'says the hidden settings are not readable through REST' : 'shows their stored values'}`, async () => {
    const { world } = chat;
    const domain = (await setting('FEDERATION_Domain'))?.value;
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info federation', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    const fields = fieldsOf(answer.attachments?.[0]);
    expect(fields).toMatchObject({
      'Federation · Domain': rest ? HIDDEN_SETTING_TEXT : String(domain),
      'Federation · Discovery Method': rest ? HIDDEN_SETTING_TEXT : expect.any(String),
      'Matrix federation · Configuration': rest ? HIDDEN_SETTING_TEXT : 'Valid',
    });
  });
});
