/** `license status`: the installed license, read now from Rocket.Chat, and whether the bot may apply licenses. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { APPLY_PERMISSION } from '../src/license/flow/bot-access.js';

export default defineCommand<BotServices>({
  name: 'license status',
  summary: 'The installed license, read now, and whether the bot can apply licenses',
  usage: 'license status',
  permission: APPLY_PERMISSION,
  where: 'dm',
  run: (ctx) => ctx.services.license.status(),
});
