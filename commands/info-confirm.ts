/** `/info confirm <code>`: applies the setting change proposed under this code; only its proposer may, within 10 minutes. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';

export default defineCommand<BotServices>({
  name: 'info confirm',
  summary: 'Apply the setting change proposed under this code (valid 10 minutes, for its proposer only)',
  usage: 'info confirm <code>',
  permission: EDIT_SETTING_PERMISSION,
  where: 'any',
  takesText: true,
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.settingChanges.confirm(ctx, ctx.rawArgs),
});
