/** `/info enable-slash`: proposes turning Message_AllowUnrecognizedSlashCommand on, so `/info` reaches the bot; applied after a confirmation. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';
import { slashSettingChange } from '../src/slash/change.js';

export default defineCommand<BotServices>({
  name: 'info enable-slash',
  summary: 'Let /info through Rocket.Chat’s apps (Allow unrecognized slash commands on), after you confirm',
  usage: 'info enable-slash',
  permission: EDIT_SETTING_PERMISSION,
  where: 'any',
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.settingChanges.propose(ctx, slashSettingChange(true)),
});
