/** `/info alerts`: the alert conditions, which hold now (firing or waiting out their hold), and the thresholds. */
import { formatDateTime } from '../src/cards/format.js';
import { defineCommand } from '../src/dispatch/command.js';
import { text } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';

export default defineCommand<BotServices>({
  name: 'info alerts',
  summary: 'The alert conditions, which are on now, and their thresholds',
  usage: 'info alerts',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const { alerts, daily } = ctx.services.config;
    const at = (date: Date) => formatDateTime(date, daily.timeZone);
    const conditions = [
      `• Seats at ${alerts.seatsPercent.join(' / ')} % of the license limit (INFOBOT_ALERT_SEATS)`,
      `• License ending within ${alerts.licenseDays.join(' / ')} days, or not valid (INFOBOT_ALERT_LICENSE_DAYS)`,
      '• A Rocket.Chat instance stopped reporting since the last daily snapshot',
      `• Rocket.Chat’s database unreachable, or a figure failing, for ${Math.round(alerts.failingMs / 60_000)} minutes (INFOBOT_ALERT_FAILING_MINUTES)`,
      `• A day’s change of users, active users, rooms, messages or upload storage beyond ${alerts.jumpSigma} standard deviations of the usual (INFOBOT_ALERT_JUMP_SIGMA)`,
    ];
    const head = alerts.enabled
      ? `*Alerts*: on, checked at \`${alerts.cron}\` (${daily.timeZone}), posted to #${alerts.room} once when a condition starts and once when it clears.`
      : '*Alerts*: off (INFOBOT_ALERTS=off). Set INFOBOT_ALERTS=on to have them checked and posted.';
    const states = await ctx.services.data.alertState.all();
    const now = states.length
      ? states.map((s) => (s.phase === 'firing' ? `🔔 on since ${at(s.firedAt ?? s.since)}: ${s.text}` : `⏳ holding since ${at(s.since)}, posted if it lasts: ${s.text}`))
      : ['Nothing is on now.'];
    return text([head, '', 'Conditions:', ...conditions, '', 'Now:', ...now].join('\n'));
  },
});
