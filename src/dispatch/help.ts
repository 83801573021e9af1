/**
 * Help, generated from the declarations: the chat help (only what the sender may run) and the README's
 * command table (everything), so neither can drift from the code. Pure.
 */
import type { Command } from './command.js';

const usageOf = (c: Command) => `\`/${c.usage}\``;
const whereOf = (c: Command) => (c.where === 'dm' ? 'DM with the bot' : 'listened rooms, DM');

/** The chat help: the commands the sender may run, and a line about the ones hidden from them. */
export function renderHelp(allowed: readonly Command[], hidden: readonly Command[], botUsername: string): string {
  const lines = [
    `*Infobot*: Administration > Info in chat. Type \`/info\`, \`!info\` or \`@${botUsername} info\` here, or just \`info\` in a DM with me.`,
    ...allowed.map((c) => `${usageOf(c)}: ${c.summary}${c.where === 'dm' ? ' (DM only)' : ''}`),
  ];
  if (hidden.length > 0) {
    const permissions = [...new Set(hidden.map((c) => c.permission).filter((p) => p !== 'none'))];
    lines.push(
      `${hidden.length} more command${hidden.length === 1 ? ' needs' : 's need'} the Rocket.Chat permission ${permissions
        .map((p) => `\`${p}\``)
        .join(' or ')}, which your roles do not have.`,
    );
  }
  return lines.join('\n');
}

/** The README's command table (markdown), one row per command. */
export function renderCommandTable(commands: readonly Command[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = commands.map((c) => {
    const aliases = (c.aliases ?? []).map((a) => `\`${a}\``).join(', ');
    return `| ${cell(usageOf(c))}${aliases ? ` (alias ${cell(aliases)})` : ''} | ${cell(c.summary)} | ${
      c.permission === 'none' ? 'anyone' : `\`${c.permission}\``
    } | ${whereOf(c)} |`;
  });
  return ['| Command | What it does | Permission | Where |', '|---|---|---|---|', ...rows].join('\n');
}
