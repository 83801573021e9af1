/**
 * The slash-command setting as a service for commands: what `/info help` adds while `/info` is held back by
 * Rocket.Chat's clients. main.ts builds it over the running watch.
 */
import { blockedSlashHelpNote } from './notice.js';
import type { SlashWatch } from './watch.js';

/** What commands may ask about the setting. */
export interface SlashService {
  /** True or false as last read; undefined when it could not be read yet. */
  enabled(): boolean | undefined;
  /** The help's note while the setting is off, else undefined. */
  helpNote(botUsername: string): string | undefined;
  /** Reads the setting again (after the bot changed it). */
  refresh(): Promise<void>;
}

declare module '../dispatch/services.js' {
  interface BotServices {
    /** Rocket.Chat's Message_AllowUnrecognizedSlashCommand, watched (issue 14). */
    slash: SlashService;
  }
}

/** The service over a watch. */
export function slashService(watch: SlashWatch): SlashService {
  return {
    enabled: () => watch.current()?.enabled,
    helpNote: (botUsername) => (watch.current()?.enabled === false ? blockedSlashHelpNote(botUsername) : undefined),
    async refresh() {
      await watch.check();
    },
  };
}
