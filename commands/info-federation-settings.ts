/** `/info federation settings`: the federation settings of the workspace's version, what each means, and the card's checks. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';

export default defineCommand<BotServices>({
  name: 'info federation settings',
  summary: 'Federation settings (domain, discovery, Matrix / native) with what each means and the card’s checks',
  usage: 'info federation settings',
  permission: EDIT_SETTING_PERMISSION,
  where: 'dm',
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.federation.show(),
});
