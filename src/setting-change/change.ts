/**
 * What a confirmed setting change is made of: which Rocket.Chat setting, the value it should get, and what else an
 * admin must know before confirming. Features describe their changes with this (slash commands, federation, …);
 * the flow in service.ts shows them, waits for the confirmation, applies, reads back and audits. Pure.
 */

/** One change a feature proposes. */
export interface SettingChange {
  /** Rocket.Chat's setting id, e.g. `Message_AllowUnrecognizedSlashCommand`. */
  settingId: string;
  /** The setting's name as the Administration page shows it, with its place there. */
  label: string;
  /** The value Rocket.Chat registers it with: what the setting is while no document was written. */
  defaultValue: unknown;
  /** The value asked for. */
  to: unknown;
  /** What else changes for the workspace, one sentence each: shown before the confirmation. */
  consequences: string[];
  /** One line said after the change was applied and read back. */
  appliedNote: string;
  /**
   * A follow-up registered with `SettingChanges.addFollowUp` whose text is shown after the applied change (e.g. the
   * federation status rows). A name, not a function: proposals are stored in the bot's database until confirmed.
   */
  followUp?: string;
}

/** How many characters of a value are shown (settings hold URLs, domains, JSON). */
const SHOWN_VALUE_CHARS = 120;

/** A value as code in chat: JSON, backticks replaced (the value comes from Rocket.Chat, not from a user), bounded. */
export function showValue(value: unknown): string {
  const json = value === undefined ? 'unset' : JSON.stringify(value);
  const flat = json.replace(/`/g, "'").replace(/\s+/g, ' ');
  return `\`${flat.length > SHOWN_VALUE_CHARS ? `${flat.slice(0, SHOWN_VALUE_CHARS)}…` : flat}\``;
}

/** True when two setting values are the same (settings hold JSON values). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
