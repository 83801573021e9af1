/** `/info federation dns`: the DNS records federation needs, Rocket.Chat's resolved state, the bot's own look-up, and what to fix. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';

export default defineCommand<BotServices>({
  name: 'info federation dns',
  summary: 'The DNS records federation needs (SRV, public key and protocol TXT) with their state and what to fix',
  usage: 'info federation dns',
  permission: EDIT_SETTING_PERMISSION,
  where: 'dm',
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.federation.dns(),
});
