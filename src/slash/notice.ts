/**
 * What the bot says about `/info` while Rocket.Chat's clients hold it back: the room notice, the line in
 * `/info help` and the start log say the same thing, from here. Pure.
 */
import { SLASH_SETTING_ID } from './setting.js';

/** The ways to make `/info` reach the bot, one per line. */
function remedies(botUsername: string): string[] {
  return [
    `• an admin asks me: \`!info enable-slash\` (I show what changes and wait for a confirmation code), or`,
    `• *Administration > Settings > Message > Allow unrecognized slash commands* on, or`,
    `• Rocket.Chat started with \`OVERWRITE_SETTING_${SLASH_SETTING_ID}=true\`, or`,
    `• the Infobot Rocket.Chat App installed (a real \`/info\` command; see the bot's README). Meanwhile \`@${botUsername} info\` works too.`,
  ];
}

/** The notice posted once in each listened room while the setting is off. */
export function blockedSlashNotice(botUsername: string): string {
  return [
    `*\`/info\` does not reach me in this workspace yet.* Rocket.Chat's web and desktop apps answer a slash command they do not know with "No such command" and never send it, because *Allow unrecognized slash commands* (\`${SLASH_SETTING_ID}\`) is off, as it is by default.`,
    '`!info` works right now: `!info`, `!info usage`, `!info help`. To make `/info` work:',
    ...remedies(botUsername),
  ].join('\n');
}

/** The line `/info help` adds while the setting is off. */
export function blockedSlashHelpNote(botUsername: string): string {
  return [
    `Note: \`/info\` typed in Rocket.Chat's web or desktop app is refused there ("No such command") while \`${SLASH_SETTING_ID}\` is off; \`!info\` works. To make \`/info\` work:`,
    ...remedies(botUsername),
  ].join('\n');
}

/** The start log's message while the setting is off (the log carries no markdown). */
export const BLOCKED_SLASH_LOG =
  `${SLASH_SETTING_ID} is off (Rocket.Chat's default): the web and desktop apps refuse /info locally ("No such command") and never send it; ` +
  `!info and @bot info work. Fix: !info enable-slash, or Administration > Settings > Message > Allow unrecognized slash commands, ` +
  `or OVERWRITE_SETTING_${SLASH_SETTING_ID}=true for Rocket.Chat, or install the Infobot Rocket.Chat App`;
