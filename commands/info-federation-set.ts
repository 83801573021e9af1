/** `/info federation set <key> <value>`: proposes a federation setting change (domain, discovery, …), applied after confirmation. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';

export default defineCommand<BotServices>({
  name: 'info federation set',
  summary: 'Change the federation domain, discovery method (dns|hub) or Matrix / native settings, after you confirm',
  usage: 'info federation set domain|discovery|matrix-domain|matrix-url|native-domain <value>',
  permission: EDIT_SETTING_PERMISSION,
  where: 'dm',
  takesText: true,
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.federation.set(ctx, ctx.rawArgs),
});
