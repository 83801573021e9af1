/** `license history`: the last license checks, applications, cancellations and refusals, from the bot's audit. */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { APPLY_PERMISSION } from '../src/license/flow/bot-access.js';

export default defineCommand<BotServices>({
  name: 'license history',
  summary: 'The last license checks and applications: who, when, which license (by fingerprint), outcome',
  usage: 'license history',
  permission: APPLY_PERMISSION,
  where: 'dm',
  run: (ctx) => ctx.services.license.history(),
});
