/**
 * `apply <code>`: the admin confirms a checked license. Refused when the code is unknown, belongs to another admin,
 * expired, was cancelled or superseded, or when the workspace changed since the check. Otherwise the license is read
 * again from Rocket.Chat (it is kept nowhere), judged again, applied through `licenses.add` and its outcome read back.
 * One application at a time across every replica (a lease in the bot's database); every attempt is audited.
 */
import { cardToAttachment } from '../../cards/attachments.js';
import { formatDateTime } from '../../cards/format.js';
import type { CommandContext, Reply } from '../../dispatch/command.js';
import { text } from '../../dispatch/reply.js';
import type { ApplyOutcome } from '../apply.js';
import { licenseFingerprint } from '../verify.js';
import { auditOrigin } from '../../confirm/audit.js';
import { type AuditEntry, auditVerdict } from './audit.js';
import { shortFingerprint } from './cards.js';
import { missingPermissionText } from './check.js';
import type { FlowParts } from './parts.js';
import { isCode, normaliseCode } from '../../confirm/codes.js';
import type { LicenseRequest } from './requests.js';
import { rereadLicense } from './source.js';
import { installedLicenseCard } from './status.js';

/** The lease that keeps applications one at a time, longer than any application takes. */
const APPLY_LEASE = 'license:apply';
const APPLY_LEASE_MS = 2 * 60_000;

type Audit = Pick<AuditEntry, 'action' | 'outcome'> & Partial<Pick<AuditEntry, 'verdict' | 'previousFingerprint' | 'fingerprint'>>;

function refusal(request: LicenseRequest, timeZone: string, codeTtlMs: number): string | undefined {
  const license = shortFingerprint(request.fingerprint);
  switch (request.state) {
    case 'superseded':
      return `The code \`${request._id}\` is for a license (${license}) you have since replaced by sending another one${
        request.supersededBy ? `: confirm that one with \`apply ${request.supersededBy}\`` : ''
      }, or send this one again. Nothing was applied.`;
    case 'cancelled':
      return `The license under \`${request._id}\` (${license}) was cancelled. Send it again to check it anew.`;
    case 'applied':
      return `The license under \`${request._id}\` (${license}) has already been applied. \`license status\` shows it.`;
    case 'failed':
      return `Applying the license under \`${request._id}\` (${license}) already failed. Send it again to check it anew.`;
    case 'expired':
      return `The code \`${request._id}\` expired at ${formatDateTime(request.expiresAt, timeZone)} (codes last ${Math.round(codeTtlMs / 60_000)} minutes). Send the license again to check it anew. Nothing was applied.`;
    default:
      return undefined;
  }
}

function outcomeReply(outcome: ApplyOutcome, code: string, until: Date, timeZone: string): { text: string; audit: string; state: 'applied' | 'failed' | 'pending' } {
  const seconds = 'waitedMs' in outcome ? Math.max(1, Math.round(outcome.waitedMs / 1000)) : 0;
  switch (outcome.kind) {
    case 'valid':
      return { text: `✔ Applied: Rocket.Chat reports the license valid (\`Enterprise_License_Status\`: ${outcome.status}).`, audit: 'applied, valid', state: 'applied' };
    case 'invalid':
      return {
        text:
          '⛔ Rocket.Chat stored the license but judges it invalid (`Enterprise_License_Status`: Invalid), so the workspace has no valid license now. ' +
          'Send me the previous license to apply it again, and ask for a license issued for this workspace.',
        audit: 'stored, but Rocket.Chat judges it invalid',
        state: 'failed',
      };
    case 'unconfirmed':
      return {
        text:
          `Rocket.Chat accepted the license but did not report it valid within ${seconds} s (\`Enterprise_License_Status\`: ${outcome.status || 'empty'}). ` +
          'It may still be working on it: `license status` shows where it stands.',
        audit: `stored, not confirmed within ${seconds} s (status ${outcome.status || 'empty'})`,
        state: 'applied',
      };
    case 'refused':
      return {
        text: `⛔ Rocket.Chat refused the license: ${outcome.detail}. Nothing was applied.`,
        audit: `refused by Rocket.Chat: ${outcome.detail}`,
        state: 'failed',
      };
    default:
      return {
        text:
          `⛔ Nothing was applied: Rocket.Chat did not answer (${outcome.detail}). ` +
          `Reply \`apply ${code}\` again once it is back; the code is valid until ${formatDateTime(until, timeZone)}.`,
        audit: `not applied, Rocket.Chat unreachable: ${outcome.detail}`,
        state: 'pending',
      };
  }
}

/** The answer to a sender locked out for naming too many wrong codes. */
function lockedOut(until: Date, parts: FlowParts): string {
  return `Too many wrong codes: \`apply\` is paused for you until ${formatDateTime(until, parts.timeZone)}. Nothing was applied.`;
}

/** Applies the license under `typedCode` if its sender confirms it in time. */
export async function confirmLicense(parts: FlowParts, ctx: CommandContext<unknown>, typedCode: string): Promise<Reply | Reply[]> {
  const code = normaliseCode(typedCode);
  const record = (entry: Audit) =>
    parts.audit.record({
      ...auditOrigin(ctx, parts.now()),
      action: entry.action,
      fingerprint: entry.fingerprint ?? null,
      outcome: entry.outcome,
      previousFingerprint: entry.previousFingerprint ?? null,
      ...(entry.verdict && { verdict: entry.verdict }),
    });

  // Anything but a code is not repeated: a mistyped command may carry a pasted secret.
  if (!isCode(code)) return text('`apply` takes the 6-character code from the license card, e.g. `apply K7Q2XM`.');
  const lockedUntil = parts.guesses.lockedUntil(ctx.sender.id);
  if (lockedUntil) return text(lockedOut(lockedUntil, parts));
  // A wrong code is counted, not audited: the audit records the lockout it leads to, once.
  const wrongCode = async (): Promise<string> => {
    const lockout = parts.guesses.wrong(ctx.sender.id);
    if (!lockout) return '';
    const { max, windowMs } = parts.guesses.limits;
    await record({ action: 'refused', outcome: `locked out of apply after ${max} wrong codes in ${Math.round(windowMs / 60_000)} minutes` });
    ctx.log.warn({ until: lockout.toISOString() }, 'too many wrong confirmation codes: apply paused for this sender');
    return `\n${lockedOut(lockout, parts)}`;
  };
  const request = await parts.requests.find(code);
  if (!request) {
    const lockout = await wrongCode();
    return text(`No license is waiting under the code \`${code}\`. Send the license again to get a new code. Nothing was applied.${lockout}`);
  }
  const refuse = async (why: string, reply: string) => {
    await record({ action: 'refused', outcome: why, fingerprint: request.fingerprint, previousFingerprint: request.installedFingerprint });
    ctx.log.info({ reason: why }, 'license confirmation refused');
    return text(reply);
  };
  if (request.userId !== ctx.sender.id) {
    // Naming a live code of someone else's is rare enough to audit each time, and it counts as a wrong code too.
    const reply = `The code \`${code}\` belongs to a license @${request.username} sent: only they can confirm it. Nothing was applied.`;
    await refuse('another admin’s code', reply);
    return text(`${reply}${await wrongCode()}`);
  }
  const now = parts.now();
  if (request.state === 'pending' && now >= request.expiresAt) {
    await parts.requests.expire(code);
    request.state = 'expired';
  }
  const refused = refusal(request, parts.timeZone, parts.codeTtlMs);
  if (refused) return refuse(request.state, refused);
  if (request.state === 'applying') return text(`The license under \`${code}\` is being applied right now; the answer follows.`);

  if ((await parts.access.current()) === 'missing') {
    return refuse(
      'the bot may not apply licenses',
      `I cannot apply the license: ${missingPermissionText()}, then reply \`apply ${code}\` again (valid until ${formatDateTime(request.expiresAt, parts.timeZone)}).`,
    );
  }
  if (!(await parts.claims.claim(APPLY_LEASE, APPLY_LEASE_MS))) {
    return text(`Another license is being applied right now. Reply \`apply ${code}\` again in a moment.`);
  }
  try {
    if (!(await parts.requests.begin(code))) {
      return text(`The license under \`${code}\` is no longer waiting for confirmation (applied, cancelled or expired a moment ago). \`license history\` shows what happened.`);
    }
    return await applyRequest(parts, request, record);
  } finally {
    await parts.claims.release(APPLY_LEASE).catch((error: unknown) => parts.log.warn({ err: error }, 'could not release the license lease'));
  }
}

async function applyRequest(parts: FlowParts, request: LicenseRequest, record: (entry: Audit) => Promise<void>): Promise<Reply | Reply[]> {
  const code = request._id;
  const base = { fingerprint: request.fingerprint, previousFingerprint: request.installedFingerprint };
  const fail = async (why: string, reply: string, state: 'failed' | 'pending' = 'failed') => {
    await parts.requests.settle(code, state);
    await record({ ...base, action: 'apply', outcome: `not applied: ${why}` });
    return text(reply);
  };

  let licenseText: string | undefined;
  try {
    licenseText = await rereadLicense(request.source, parts.chat);
  } catch (error) {
    parts.log.warn({ err: error }, 'could not read the license again from Rocket.Chat');
    return fail(
      'license could not be read again',
      `⛔ Nothing was applied: I could not read the license again from Rocket.Chat (${(error as Error).message}). Reply \`apply ${code}\` again in a moment.`,
      'pending',
    );
  }
  if (licenseText === undefined || licenseFingerprint(licenseText) !== request.fingerprint) {
    return fail(
      'license message gone or changed',
      'The message or file with the license was deleted or edited since I checked it, so I will not apply it. Send the license again. Nothing was applied.',
    );
  }
  const view = await parts.workspace.read();
  const installedNow = view.installed?.fingerprint ?? null;
  if (installedNow !== request.installedFingerprint) {
    return fail(
      'installed license changed since the check',
      `The installed license changed since I checked yours (it is now ${installedNow ? shortFingerprint(installedNow) : 'none'}), so the comparison you saw no longer holds. ` +
        'Send the license again to see what applying it would change now. Nothing was applied.',
    );
  }
  const verdict = await view.judge(licenseText);
  if (!verdict.valid) {
    await parts.requests.settle(code, 'failed');
    await record({ ...base, action: 'apply', verdict: auditVerdict(verdict), outcome: 'not applied: no longer valid' });
    return text(`⛔ The license is no longer valid for this workspace, so I did not apply it: ${verdict.reasons.map((r) => r.message).join(' ')}`);
  }

  const outcome = await parts.apply(licenseText);
  const reply = outcomeReply(outcome, code, request.expiresAt, parts.timeZone);
  await parts.requests.settle(code, reply.state);
  await record({ ...base, action: 'apply', verdict: auditVerdict(verdict), outcome: reply.audit });
  parts.log.info({ fingerprint: request.fingerprint.slice(0, 16), outcome: outcome.kind }, 'license application finished');
  if (outcome.kind !== 'valid') return text(reply.text);
  // The statistics cache still holds the old license: recompute in the background so /info shows the new one.
  void parts.stats.get(['license'], { refresh: true }).catch(() => undefined);
  const card = await installedLicenseCard(parts).catch(() => undefined);
  return card ? { kind: 'message', text: reply.text, attachments: [cardToAttachment(card)] } : text(reply.text);
}
