/**
 * The license flow for a bot that may not write its own database (a read-only INFOBOT_MONGO_URL): a check must be kept
 * for its confirmation and every step audited there, so checking, applying, cancelling and the audit are refused with the reason and the fix, before
 * a pasted license is even read. `license` alone, `license status` and the leak guard need no write and stay as they are.
 */
import { UserError } from '../../dispatch/errors.js';
import type { LicenseFlow } from './service.js';

const REASON =
  'the bot’s own database is not writable, so a license check cannot be kept for its confirmation nor audited. Grant the bot’s database user readWrite on it (README, Deploy > MongoDB users)';

/** The flow with the parts that write refused. */
export function licenseFlowWithoutStore(flow: LicenseFlow): LicenseFlow {
  const refuse = async (): Promise<never> => {
    throw new UserError('not-ready', { what: 'Checking and applying licenses', reason: REASON });
  };
  return { ...flow, check: refuse, confirm: refuse, cancel: refuse, history: refuse };
}
