/** `/info help`: the commands this sender may run, generated from the declarations. */
import { defineCommand } from '../src/dispatch/command.js';
import { partitionByAccess } from '../src/dispatch/guard.js';
import { renderHelp } from '../src/dispatch/help.js';
import { text } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info help',
  aliases: ['help'],
  summary: 'This list of commands',
  usage: 'info help',
  permission: 'none',
  where: 'any',
  async run(ctx) {
    const { commands, permissions, chat, slash } = ctx.services;
    const { allowed, hidden } = await partitionByAccess(commands, ctx.sender, permissions);
    const bot = chat.self().username;
    const note = slash.helpNote(bot);
    return text(note ? `${renderHelp(allowed, hidden, bot)}\n\n${note}` : renderHelp(allowed, hidden, bot));
  },
});
