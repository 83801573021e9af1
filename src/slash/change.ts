/**
 * Turning Message_AllowUnrecognizedSlashCommand on or off, as a confirmed setting change: what the admin sees
 * before confirming. Pure.
 */
import type { SettingChange } from '../setting-change/change.js';
import { SLASH_SETTING_DEFAULT, SLASH_SETTING_ID } from './setting.js';

/** The change `!info enable-slash` (true) or `!info disable-slash` (false) proposes. */
export function slashSettingChange(enable: boolean): SettingChange {
  return {
    settingId: SLASH_SETTING_ID,
    label: 'Administration > Settings > Message > Allow unrecognized slash commands',
    defaultValue: SLASH_SETTING_DEFAULT,
    to: enable,
    consequences: enable
      ? [
          '`/info` typed in Rocket.Chat\'s web and desktop apps is sent to the room, where I answer it.',
          'So is every other slash command nobody registered: a mistyped `/lave` or `/infp` is posted to its room for everyone to read, instead of being refused with "No such command".',
          'Commands that exist (`/leave`, `/invite`, App commands) work as before; the mobile apps already send unknown slash commands as text.',
        ]
      : [
          '`/info` typed in Rocket.Chat\'s web and desktop apps is refused there again with "No such command"; `!info` keeps working.',
          'Mistyped slash commands are refused again instead of being posted to their rooms.',
        ],
    appliedNote: enable ? '`/info` typed in the web and desktop apps now reaches me.' : '`/info` is refused by the web and desktop apps again; `!info` works.',
  };
}
