/** `/info federation disable [matrix|native]`: proposes turning federation off, applied after confirmation. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { EDIT_SETTING_PERMISSION } from '../src/setting-change/service.js';

export default defineCommand<BotServices>({
  name: 'info federation disable',
  summary: 'Disable federation (or the Matrix bridge / native federation), after you confirm',
  usage: 'info federation disable [legacy|matrix|native]',
  permission: EDIT_SETTING_PERMISSION,
  where: 'dm',
  takesText: true,
  botPermissions: [EDIT_SETTING_PERMISSION],
  run: (ctx) => ctx.services.federation.toggle(ctx, ctx.rawArgs, false),
});
