/**
 * The text the App posts for `/info …`: the same command with infobot's `!` trigger, which the bot answers in any
 * room it listens in, whatever Message_AllowUnrecognizedSlashCommand says. Pure.
 */

/** How many characters of arguments are passed on (a command line is short; the bot bounds it again). */
export const MAX_ARGUMENT_CHARS = 1000;

/**
 * `!info` followed by the arguments. Rocket.Chat splits the parameters on single spaces
 * (apps/meteor/app/apps/server/bridges/commands.ts), so doubled spaces arrive as empty arguments: dropped.
 */
export function forwardedText(args: readonly string[]): string {
    const line = args.filter((a) => a.trim() !== '').join(' ').trim().slice(0, MAX_ARGUMENT_CHARS);
    return line === '' ? '!info' : `!info ${line}`;
}
