/**
 * The confirmed setting change: a feature proposes a change (SettingChange), the bot shows the setting's value
 * before → after and what else changes, and applies nothing until the proposer confirms with a one-time code (the
 * license flow's pattern). On confirmation the value is read again (a change made meanwhile voids the code), written
 * through Rocket.Chat's `POST /api/v1/settings/:_id` (so Rocket.Chat checks the bot's `edit-privileged-setting`,
 * validates, stores and notifies its instances itself), read back from Rocket.Chat (its database, or GET settings/:_id in REST-only mode), and audited.
 */
import type { Logger } from 'pino';
import type { ChatApi } from '../chat/chat-api.js';
import { RestError } from '../chat/rest.js';
import type { CommandContext, Reply } from '../dispatch/command.js';
import { text } from '../dispatch/reply.js';
import { formatDateTime } from '../cards/format.js';
import { type AuditOrigin, auditOrigin } from '../confirm/audit.js';
import { isCode, normaliseCode } from '../confirm/codes.js';
import type { CodeOptions } from '../confirm/requests.js';
import type { SettingsReader } from '../rc/settings.js';
import type { Claims } from '../store/claims.js';
import type { SettingAudit, SettingAuditEntry } from './audit.js';
import { sameValue, type SettingChange, showValue } from './change.js';
import type { ChangeRequest, ChangeRequests } from './requests.js';

/** Rocket.Chat's permission on `POST /api/v1/settings/:_id` (apps/meteor/app/api/server/v1/settings.ts, permissionsRequired). */
export const EDIT_SETTING_PERMISSION = 'edit-privileged-setting';

/** The flow the commands use. */
export interface SettingChanges {
  /** Shows the change and a code to confirm it with; changes nothing. */
  propose(ctx: CommandContext<unknown>, change: SettingChange): Promise<Reply>;
  /** `info confirm <code>`: applies the change proposed under the code, if its proposer confirms in time. */
  confirm(ctx: CommandContext<unknown>, typedCode: string): Promise<Reply>;
  /** Called after a change was applied and read back (e.g. the slash-command watch reads the setting again). */
  onApplied(listener: (settingId: string, value: unknown) => void): void;
  /** Registers the text shown after an applied change that names `name` as its follow-up. */
  addFollowUp(name: string, render: () => Promise<string>): void;
  audit: SettingAudit;
}

declare module '../dispatch/services.js' {
  interface BotServices {
    /** Confirmed changes of Rocket.Chat settings (issue 14). */
    settingChanges: SettingChanges;
  }
}

/** What the flow is built from. */
export interface SettingChangesDeps {
  /** Rocket.Chat's settings: its database, or REST in REST-only mode. */
  settings: SettingsReader;
  /** The pending changes, in the bot's own data (its database or the data file). */
  requests(options: CodeOptions): ChangeRequests;
  audit: SettingAudit;
  claims: Claims;
  chat: Pick<ChatApi, 'post' | 'ownPermissions'>;
  log: Logger;
  now: () => Date;
  timeZone: string;
  /** How long a code stays valid (default 10 minutes). */
  codeTtlMs?: number;
}

const TEN_MINUTES = 10 * 60_000;
const CHANGE_LEASE_MS = 60_000;

/** Why Rocket.Chat refused the write, in words an admin can act on. */
function refusalText(error: unknown): string {
  if (error instanceof RestError) {
    // POST settings/:_id is `twoFactorRequired` (v1/settings.ts): checkCodeForUser (app/2fa/server/code/index.ts) asks
    // a password login for its second factor (or the password fallback); a personal access token made with
    // "Ignore Two Factor Authentication" is let through.
    if (error.errorType?.startsWith('totp-')) {
      return 'Rocket.Chat asks the bot account for a second factor on this route. Run the bot with a personal access token created with *Ignore Two Factor Authentication* (ROCKETCHAT_USER_ID + ROCKETCHAT_AUTH_TOKEN), or change the setting in *Administration > Settings*';
    }
    if (error.status === 403) return `the bot account lacks the Rocket.Chat permission \`${EDIT_SETTING_PERMISSION}\`: grant it to one of the bot's roles under *Administration > Permissions*`;
    if (error.status === 0) return `Rocket.Chat did not answer (${error.message})`;
    return `Rocket.Chat refused it (HTTP ${error.status}${error.errorType ? `, ${error.errorType}` : ''})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Builds the flow. */
export function createSettingChanges(deps: SettingChangesDeps): SettingChanges {
  const log = deps.log.child({ component: 'setting-change' });
  const codeTtlMs = deps.codeTtlMs ?? TEN_MINUTES;
  const { audit } = deps;
  const requests = deps.requests({ ttlMs: codeTtlMs, now: deps.now });
  const listeners: ((settingId: string, value: unknown) => void)[] = [];
  const followUps = new Map<string, () => Promise<string>>();

  /** The follow-up's text after an applied change; a failure to render it is one line, the change stands. */
  async function followUpText(change: SettingChange): Promise<string> {
    const render = change.followUp ? followUps.get(change.followUp) : undefined;
    if (!render) return '';
    try {
      return `\n\n${await render()}`;
    } catch (error) {
      log.warn({ err: error, followUp: change.followUp }, 'could not render the follow-up of an applied change');
      return '\n\nThe change holds, but I could not read the status again just now.';
    }
  }

  async function currentValue(change: SettingChange): Promise<unknown> {
    const value = (await deps.settings.read([change.settingId], { fresh: true })).get(change.settingId);
    return value === undefined ? change.defaultValue : value;
  }

  const record = (ctx: CommandContext<unknown>, entry: Omit<SettingAuditEntry, keyof AuditOrigin>) => audit.record({ ...auditOrigin(ctx, deps.now()), ...entry });

  const heading = (change: SettingChange, from: unknown) => `*${change.label}* (\`${change.settingId}\`): ${showValue(from)} → ${showValue(change.to)}`;

  async function botMayWrite(): Promise<boolean | undefined> {
    try {
      return (await deps.chat.ownPermissions()).has(EDIT_SETTING_PERMISSION);
    } catch (error) {
      log.warn({ err: error }, 'could not check the bot account’s permissions');
      return undefined;
    }
  }

  async function apply(ctx: CommandContext<unknown>, request: ChangeRequest): Promise<Reply> {
    const { change } = request;
    const base = { settingId: change.settingId, code: request._id, from: request.from, to: change.to };
    try {
      await deps.chat.post(`settings/${encodeURIComponent(change.settingId)}`, { value: change.to });
    } catch (error) {
      const why = refusalText(error);
      await requests.settle(request._id, 'failed');
      await record(ctx, { ...base, action: 'apply', outcome: `not applied: ${why}` });
      log.warn({ err: error, setting: change.settingId }, 'setting change refused by Rocket.Chat');
      return text(`⛔ Not changed: ${why}. ${heading(change, request.from)} stays as it was.`);
    }
    const readBack = await currentValue(change);
    const held = sameValue(readBack, change.to);
    await requests.settle(request._id, held ? 'applied' : 'failed');
    await record(ctx, { ...base, action: 'apply', readBack, outcome: held ? 'applied, read back' : `written, but Rocket.Chat's database holds ${JSON.stringify(readBack)}` });
    log.info({ setting: change.settingId, user: ctx.sender.username, held }, 'setting change applied');
    if (!held) {
      return text(`Rocket.Chat accepted the change, but its database still holds ${showValue(readBack)} for \`${change.settingId}\` (an OVERWRITE_SETTING_ variable or another instance may set it back).`);
    }
    for (const listener of listeners) listener(change.settingId, change.to);
    return text(`✔ Changed ${heading(change, request.from)}, read back from Rocket.Chat. ${change.appliedNote}${await followUpText(change)}`);
  }

  return {
    audit,
    onApplied(listener) {
      listeners.push(listener);
    },
    addFollowUp(name, render) {
      followUps.set(name, render);
    },

    async propose(ctx, change) {
      const from = await currentValue(change);
      if (sameValue(from, change.to)) {
        return text(`Nothing to change: *${change.label}* (\`${change.settingId}\`) is already ${showValue(change.to)}.`);
      }
      if ((await botMayWrite()) === false) {
        await record(ctx, { action: 'refused', settingId: change.settingId, code: null, from, to: change.to, outcome: 'the bot lacks edit-privileged-setting' });
        return text(
          `I cannot change ${heading(change, from)}: the bot account lacks the Rocket.Chat permission \`${EDIT_SETTING_PERMISSION}\`. Grant it to one of the bot's roles under *Administration > Permissions*, or change the setting yourself in *Administration > Settings*.`,
        );
      }
      const request = await requests.create({ userId: ctx.sender.id, username: ctx.sender.username, change, from });
      await record(ctx, { action: 'propose', settingId: change.settingId, code: request._id, from, to: change.to, outcome: 'waiting for confirmation' });
      return text(
        [
          `This would change ${heading(change, from)}.`,
          'What else changes:',
          ...change.consequences.map((c) => `• ${c}`),
          `Nothing changes until you confirm: \`!info confirm ${request._id}\` (valid until ${formatDateTime(request.expiresAt, deps.timeZone)}, only for you).`,
        ].join('\n'),
      );
    },

    async confirm(ctx, typedCode) {
      const code = normaliseCode(typedCode);
      if (!isCode(code)) return text('`info confirm` takes the 6-character code from the proposed change, e.g. `!info confirm K7Q2XM`.');
      const request = await requests.find(code);
      const refuse = async (why: string, reply: string, known?: ChangeRequest) => {
        await record(ctx, { action: 'refused', settingId: known?.change.settingId ?? '', code, from: known?.from, to: known?.change.to, outcome: why });
        return text(reply);
      };
      if (!request) return refuse('unknown code', `No setting change is waiting under the code \`${code}\`. Nothing was changed.`);
      if (request.userId !== ctx.sender.id) {
        return refuse('another user’s code', `The code \`${code}\` belongs to a change @${request.username} proposed: only they can confirm it. Nothing was changed.`, request);
      }
      if (request.state === 'pending' && deps.now() >= request.expiresAt) {
        await requests.expire(code);
        request.state = 'expired';
      }
      if (request.state !== 'pending') {
        const why: Record<string, string> = {
          expired: `The code \`${code}\` expired at ${formatDateTime(request.expiresAt, deps.timeZone)}. Ask again to get a new one. Nothing was changed.`,
          superseded: `The code \`${code}\` was replaced by a newer proposal for the same setting: confirm that one. Nothing was changed.`,
          applied: `The change under \`${code}\` has already been applied.`,
          failed: `The change under \`${code}\` already failed. Ask again to try anew.`,
          applying: `The change under \`${code}\` is being applied right now; the answer follows.`,
        };
        return refuse(request.state, why[request.state] ?? 'Nothing was changed.', request);
      }
      const now = await currentValue(request.change);
      if (!sameValue(now, request.from)) {
        return refuse(
          'setting changed since the proposal',
          `\`${request.change.settingId}\` changed since you asked (it is ${showValue(now)} now, not ${showValue(request.from)}), so the change you saw no longer holds. Ask again. Nothing was changed.`,
          request,
        );
      }
      const lease = `setting-change-lease:${request.change.settingId}`;
      if (!(await deps.claims.claim(lease, CHANGE_LEASE_MS))) {
        return text(`\`${request.change.settingId}\` is being changed right now. Reply \`!info confirm ${code}\` again in a moment.`);
      }
      try {
        if (!(await requests.begin(code))) return text(`The change under \`${code}\` is no longer waiting for confirmation.`);
        return await apply(ctx, request);
      } finally {
        await deps.claims.release(lease).catch((error: unknown) => log.warn({ err: error }, 'could not release the setting-change lease'));
      }
    },
  };
}
