/** `/info disable-slash`: proposes turning Message_AllowUnrecognizedSlashCommand off again; applied after a confirmation. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';
import { slashSettingChange } from '../src/slash/change.js';

export default defineCommand<BotServices>({
  name: 'info disable-slash',
  summary: 'Undo enable-slash (Allow unrecognized slash commands off), after you confirm',
  usage: 'info disable-slash',
  permission: EDIT_SETTING_PERMISSION,
  where: 'any',
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.settingChanges.propose(ctx, slashSettingChange(false)),
});
