/** `apply <code>`: confirms a checked license (also what its *Apply license* button sends); only its sender may. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { APPLY_PERMISSION } from '../src/license/flow/bot-access.js';

export default defineCommand<BotServices>({
  name: 'apply',
  summary: 'Apply the license checked under this code (valid 10 minutes, for its sender only)',
  usage: 'apply <code>',
  permission: APPLY_PERMISSION,
  writes: true,
  where: 'dm',
  // Free text after the command is never logged: a mistyped message may carry a pasted license.
  sensitive: true,
  takesText: true,
  botPermissions: [APPLY_PERMISSION],
  run: (ctx) => ctx.services.license.confirm(ctx, ctx.rawArgs),
});
