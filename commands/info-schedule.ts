/** `/info schedule`: when the daily summary posts (cron, zone, room), the next run, and how today's post stands. */
import { formatDayKey } from '../src/cards/daily.js';
import { formatDateTime } from '../src/cards/format.js';
import { defineCommand } from '../src/dispatch/command.js';
import { text } from '../src/dispatch/reply.js';
import type { BotServices } from '../src/dispatch/services.js';
import { createDailyPlan, type DailyPlan } from '../src/schedule/daily-plan.js';
import type { DailyPostDoc } from '../src/schedule/daily-posts.js';
import { dayOf } from '../src/schedule/zoned-time.js';

function todayLine(plan: DailyPlan, doc: DailyPostDoc | undefined, now: Date): string {
  const day = dayOf(now, plan.timeZone);
  const at = (date: Date) => formatDateTime(date, plan.timeZone);
  const run = plan.runOn(day);
  const label = `Today (${formatDayKey(day)})`;
  if (doc?.state === 'sent' && doc.sentAt) return `${label}: posted at ${at(doc.sentAt)}.`;
  if (doc?.state === 'failed') return `${label}: given up after ${doc.attempts} attempts (${doc.lastError ?? 'unknown error'}); a notice was posted.`;
  if (doc?.state === 'retrying') {
    const next = doc.retryAt && doc.retryAt > now ? `next try at ${at(doc.retryAt)}` : 'the next tick of any replica tries again';
    return `${label}: attempt ${doc.attempts} failed (${doc.lastError ?? 'unknown error'}); ${next}.`;
  }
  if (!run) return `${label}: the schedule has no run on this day.`;
  if (run.at.getTime() > now.getTime()) return `${label}: due at ${at(run.at)}.`;
  return `${label}: due since ${at(run.at)} and not posted yet; a running bot posts it within a minute.`;
}

export default defineCommand<BotServices>({
  name: 'info schedule',
  summary: 'When the daily summary posts: cron, time zone, room, next run and today’s state',
  usage: 'info schedule',
  permission: 'view-statistics',
  where: 'any',
  async run(ctx) {
    const { daily } = ctx.services.config;
    const plan = createDailyPlan(daily.cron, daily.timeZone);
    const now = ctx.now();
    const next = plan.nextAfter(now);
    const nextText = next ? formatDateTime(next.at, plan.timeZone) : 'none within 40 years (check the day and month fields)';
    const where = `\`${plan.expression}\` in ${plan.timeZone}, to #${daily.room}`;
    if (!daily.enabled) {
      return text(`*Daily summary*: off (INFOBOT_DAILY=off). Set INFOBOT_DAILY=on to post ${where}; the next run would be ${nextText}.`);
    }
    const [doc, extent] = await Promise.all([ctx.services.data.dailyPosts.find(daily.room, dayOf(now, plan.timeZone)), ctx.services.history.extent()]);
    const kept = `kept for ${daily.historyDays} days (INFOBOT_HISTORY_DAYS)`;
    return text(
      [
        `*Daily summary*: on, ${where}.`,
        `Next run: ${nextText}.`,
        todayLine(plan, doc, now),
        extent.days ? `History: ${extent.days} daily snapshots since ${formatDayKey(extent.oldest ?? '')}, ${kept}; \`/info history\` shows them.` : `History: none yet, ${kept}.`,
        ...(extent.rocketChatSince ? [`Before that: Rocket.Chat's own stored statistics, since ${formatDayKey(extent.rocketChatSince)}.`] : []),
      ].join('\n'),
    );
  },
});
