/**
 * `license <text>`, a bare license pasted into a DM, or a `.txt` file uploaded there: the license is checked against
 * the workspace and shown with what it grants and changes; nothing is applied until its sender confirms. `license`
 * alone explains what to send.
 */
import { defineCommand } from '../src/dispatch/command.js';
import type { BotServices } from '../src/dispatch/services.js';
import { looksLikeLicense } from '../src/license/flow/recognise.js';
import { APPLY_PERMISSION } from '../src/license/flow/bot-access.js';

export default defineCommand<BotServices>({
  name: 'license',
  summary: 'Check an offline license (pasted, or a .txt file) before applying it',
  usage: 'license <license text>',
  permission: APPLY_PERMISSION,
  writes: true,
  where: 'dm',
  sensitive: true,
  takesText: true,
  botPermissions: [APPLY_PERMISSION],
  // Any file sent to the bot's DM is taken, so that a .pdf or .png gets the reason it cannot be read, not silence.
  acceptsUntriggered: (message) => message.files.length > 0 || looksLikeLicense(message.text),
  async run(ctx) {
    const { message } = ctx;
    if (!ctx.rawArgs.trim() && message.files.length === 0) return ctx.services.license.explain();
    return ctx.services.license.check(ctx);
  },
});
