/** What every step of the license flow works with, assembled once by the flow's service. */
import type { Logger } from 'pino';
import type { ChatApi } from '../../chat/chat-api.js';
import type { StatsService } from '../../stats/service.js';
import type { Claims } from '../../store/claims.js';
import type { ApplyOutcome } from '../apply.js';
import type { LicenseAudit } from './audit.js';
import type { BotAccessCheck } from './bot-access.js';
import type { CodeGuesses } from './guesses.js';
import type { LeakGuard } from './leak-guard.js';
import type { LicenseRequests } from './requests.js';
import type { WorkspaceLicenses } from './workspace.js';

/** The flow's collaborators and settings. */
export interface FlowParts {
  chat: ChatApi;
  workspace: WorkspaceLicenses;
  requests: LicenseRequests;
  audit: LicenseAudit;
  access: BotAccessCheck;
  claims: Claims;
  stats: StatsService;
  /** Licenses exposed to others: not used, deleted when possible, sender warned. */
  leaks: LeakGuard;
  /** Applies a license through Rocket.Chat and reads the outcome back. */
  apply(text: string): Promise<ApplyOutcome>;
  log: Logger;
  now(): Date;
  timeZone: string;
  /** How long a confirmation code stays valid. */
  codeTtlMs: number;
  /** Wrong confirmation codes per sender, and who is locked out of `apply` for naming too many. */
  guesses: CodeGuesses;
}
