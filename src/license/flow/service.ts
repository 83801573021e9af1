/**
 * The offline-license flow as one service: check a license sent by DM, confirm and apply it, cancel, list the audit,
 * show the installed license, and guard rooms against licenses posted in them. Commands in commands/license*.ts are
 * thin declarations over it; main.ts builds it and puts it into the bot's services.
 */
import type { Logger } from 'pino';
import { cardToAttachment } from '../../cards/attachments.js';
import { defaultTimeZone } from '../../cards/format.js';
import type { ChatApi } from '../../chat/chat-api.js';
import type { BotIdentity } from '../../chat/link.js';
import type { CommandContext, Reply } from '../../dispatch/command.js';
import { text } from '../../dispatch/reply.js';
import type { SettingsReader } from '../../rc/settings.js';
import type { StatsService } from '../../stats/service.js';
import type { CodeOptions } from '../../confirm/requests.js';
import type { Claims } from '../../store/claims.js';
import { opsEvents } from '../../ops/events.js';
import { applyLicense } from '../apply.js';
import type { CountersSource } from '../counters.js';
import { licenseBlockBytes } from '../public-key.js';
import type { LicenseAudit } from './audit.js';
import { botAccessCheck } from './bot-access.js';
import { cancelLicense } from './cancel.js';
import { checkLicense } from './check.js';
import { confirmLicense } from './confirm.js';
import { licenseHistory } from './history.js';
import { createLeakGuard, type LeakGuard } from './leak-guard.js';
import { codeGuesses, type GuessLimits } from './guesses.js';
import type { FlowParts } from './parts.js';
import type { LicenseRequests } from './requests.js';
import { accessLine, licenseStatus } from './status.js';
import { workspaceLicenses } from './workspace.js';

/** The license flow the commands use. */
export interface LicenseFlow {
  /** `license` alone: what to send and what happens then. */
  explain(): Promise<Reply>;
  /** A license sent by DM (text, `license <text>` or a `.txt` file): the verdict card, and a code when it may be applied. */
  check(ctx: CommandContext<unknown>): Promise<Reply | Reply[]>;
  /** `apply <code>`. */
  confirm(ctx: CommandContext<unknown>, code: string): Promise<Reply | Reply[]>;
  /** `cancel`. */
  cancel(ctx: CommandContext<unknown>): Promise<Reply>;
  /** `license history`. */
  history(): Promise<Reply>;
  /** `license status`. */
  status(): Promise<Reply>;
  /** Licenses posted outside a DM: not used, deleted when possible, sender warned by DM. */
  leakGuard: LeakGuard;
}

declare module '../../dispatch/services.js' {
  interface BotServices {
    /** The offline-license flow (issue 7). */
    license: LicenseFlow;
  }
}

/** What the flow is built from. */
export interface LicenseFlowDeps {
  /** Rocket.Chat's settings (its database read only, or REST): Site_Url, the installed license and its status. */
  settings: SettingsReader;
  /** The limit counters a license is judged on (Rocket.Chat's database, or licenses.info through REST). */
  counters: CountersSource;
  /** The pending confirmations, in the bot's own data (its database or the data file). */
  requests(options: CodeOptions): LicenseRequests;
  /** The audit, in the bot's own data; the license itself is never in it. */
  audit: LicenseAudit;
  claims: Claims;
  chat: ChatApi;
  stats: StatsService;
  /** The key licenses are checked with (INFOBOT_LICENSE_PUBLIC_KEY or Rocket.Chat's). */
  publicKeyPem: string;
  /** INFOBOT_ROOMS: where an exposed license is deleted; elsewhere its sender is only warned. */
  rooms: readonly string[];
  log: Logger;
  self(): BotIdentity;
  now?(): Date;
  timeZone?: string;
  /** How long a confirmation code stays valid (default 10 minutes). */
  codeTtlMs?: number;
  /** Wrong codes before a sender is locked out of `apply` (default guesses.ts DEFAULT_GUESS_LIMITS). */
  guessLimits?: GuessLimits;
  /** How long to wait for Rocket.Chat's verdict after `licenses.add` (default 15 s). */
  applyWaitMs?: number;
  applyPollMs?: number;
}

const TEN_MINUTES = 10 * 60_000;

const EXPLANATION = [
  'To check a license, send me its text here, in this direct message: the whole text from the Cloud Console (it starts with `RCV3_`, or is a block of base64 for licenses issued before Rocket.Chat 6.5), as a message or as a `.txt` file.',
  'I check it against this workspace and show what it grants (plan, features, limits against current use, validity) and what would change compared with the installed license. Nothing is applied until you confirm it with its button or code; `cancel` drops it.',
  '`license status` shows the installed license, `license history` the last checks and applications. Never post a license in a room: everyone there can read it.',
].join('\n');

/** Builds the flow. */
export function createLicenseFlow(deps: LicenseFlowDeps): LicenseFlow {
  const log = deps.log.child({ component: 'license' });
  const now = deps.now ?? (() => new Date());
  const workspace = workspaceLicenses({ settings: deps.settings, counters: deps.counters, stats: deps.stats, publicKeyPem: deps.publicKeyPem, now });
  const { audit } = deps;
  const codeTtlMs = deps.codeTtlMs ?? TEN_MINUTES;
  const leakGuard = createLeakGuard({
    chat: deps.chat,
    claims: deps.claims,
    audit,
    self: deps.self,
    log,
    now,
    licenseBlockBytes: licenseBlockBytes(deps.publicKeyPem),
    rooms: deps.rooms,
  });
  const parts: FlowParts = {
    chat: deps.chat,
    workspace,
    requests: deps.requests({ ttlMs: codeTtlMs, now }),
    audit,
    access: botAccessCheck(deps.chat, log, { now }),
    claims: deps.claims,
    stats: deps.stats,
    leaks: leakGuard,
    apply: (licenseText) =>
      applyLicense(licenseText, { rest: deps.chat, stored: () => workspace.stored(), waitMs: deps.applyWaitMs ?? 15_000, pollMs: deps.applyPollMs ?? 500 }).then(
        (outcome) => {
          opsEvents.licenseApply.publish({ outcome: outcome.kind });
          return outcome;
        },
        (error: unknown) => {
          opsEvents.licenseApply.publish({ outcome: 'error' });
          throw error;
        },
      ),
    log,
    now,
    timeZone: deps.timeZone ?? defaultTimeZone(),
    codeTtlMs,
    guesses: codeGuesses(now, deps.guessLimits),
  };
  return {
    async explain() {
      const access = await parts.access.current();
      return text(access === 'granted' ? EXPLANATION : `${EXPLANATION}\n${accessLine(access)}`);
    },
    check: (ctx) => checkLicense(parts, ctx),
    confirm: (ctx, code) => confirmLicense(parts, ctx, code),
    cancel: (ctx) => cancelLicense(parts, ctx),
    history: () => licenseHistory(parts),
    async status() {
      const { card, text: line } = await licenseStatus(parts);
      return { kind: 'message', text: line, attachments: [cardToAttachment(card)] };
    },
    leakGuard,
  };
}
