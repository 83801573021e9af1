/**
 * The alerts' settings: INFOBOT_ALERTS (on/off), INFOBOT_ALERT_ROOM (default: the daily room), INFOBOT_ALERT_CRON
 * (default every 15 minutes), and the thresholds INFOBOT_ALERT_SEATS (percent of the license limit, default
 * 80,90,100), INFOBOT_ALERT_LICENSE_DAYS (default 30,7,1), INFOBOT_ALERT_JUMP_SIGMA (default 4) and
 * INFOBOT_ALERT_FAILING_MINUTES (default 60). Part of the one configuration schema (src/config.ts).
 */
import { z } from 'zod';
import { cronProblem } from '../schedule/daily-plan.js';
import type { AlertThresholds } from './conditions.js';

/** The validated alert settings. */
export interface AlertSettings extends AlertThresholds {
  enabled: boolean;
  /** Room name or id alerts are posted to. */
  room: string;
  /** node-cron expression of the checks. */
  cron: string;
}

const text = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

function numberList(min: number, max: number, example: string) {
  return text.superRefine((v, ctx) => {
    if (v === undefined) return;
    const parts = v.split(',').map((p) => p.trim());
    if (parts.length > 10 || !parts.every((p) => /^\d+$/.test(p) && Number(p) >= min && Number(p) <= max)) {
      ctx.addIssue({ code: 'custom', message: `must be whole numbers from ${min} to ${max} separated by commas, e.g. ${example}` });
    }
  });
}

/** The variables, merged into the configuration's schema. */
export const alertEnvShape = {
  INFOBOT_ALERTS: text.transform((v) => v?.toLowerCase()).pipe(
    z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { error: 'must be on or off (default on)' }).optional(),
  ),
  INFOBOT_ALERT_ROOM: text,
  INFOBOT_ALERT_CRON: text.superRefine((v, ctx) => {
    const problem = v === undefined ? undefined : cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  INFOBOT_ALERT_SEATS: numberList(1, 1000, '80,90,100'),
  INFOBOT_ALERT_LICENSE_DAYS: numberList(0, 3650, '30,7,1'),
  INFOBOT_ALERT_JUMP_SIGMA: text.refine((v) => v === undefined || (/^\d+(\.\d+)?$/.test(v) && Number(v) >= 1 && Number(v) <= 20), {
    error: 'must be a number of standard deviations from 1 to 20 (default 4)',
  }),
  INFOBOT_ALERT_FAILING_MINUTES: text.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 0 && Number(v) <= 1440), {
    error: 'must be a whole number of minutes from 0 to 1440 (default 60)',
  }),
};

type AlertEnv = { [K in keyof typeof alertEnvShape]?: z.output<(typeof alertEnvShape)[K]> };

const list = (v: string | undefined, fallback: number[]) => [...new Set(v === undefined ? fallback : v.split(',').map((p) => Number(p.trim())))].sort((a, b) => a - b);

/** The settings from validated variables; `dailyRoom` is the default room. */
export function readAlertSettings(v: AlertEnv, dailyRoom: string): AlertSettings {
  return {
    enabled: !['off', 'false', '0', 'no'].includes(v.INFOBOT_ALERTS ?? 'on'),
    room: v.INFOBOT_ALERT_ROOM?.replace(/^#/, '') || dailyRoom,
    cron: v.INFOBOT_ALERT_CRON ?? '*/15 * * * *',
    seatsPercent: list(v.INFOBOT_ALERT_SEATS, [80, 90, 100]),
    licenseDays: list(v.INFOBOT_ALERT_LICENSE_DAYS, [30, 7, 1]).reverse(),
    jumpSigma: v.INFOBOT_ALERT_JUMP_SIGMA === undefined ? 4 : Number(v.INFOBOT_ALERT_JUMP_SIGMA),
    failingMs: (v.INFOBOT_ALERT_FAILING_MINUTES === undefined ? 60 : Number(v.INFOBOT_ALERT_FAILING_MINUTES)) * 60_000,
  };
}
