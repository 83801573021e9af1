/** `cancel`: drops the sender's licenses waiting for confirmation (also what the *Cancel* button sends). */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { APPLY_PERMISSION } from '../src/license/flow/bot-access.js';

export default defineCommand<BotServices>({
  name: 'cancel',
  summary: 'Drop your license waiting for confirmation',
  usage: 'cancel',
  permission: APPLY_PERMISSION,
  writes: true,
  where: 'dm',
  // Free text after the command is never logged: a mistyped message may carry a pasted license.
  sensitive: true,
  takesText: true,
  run: (ctx) => ctx.services.license.cancel(ctx),
});
