/**
 * Checking a license sent by DM: read it (message or `.txt` file), judge it against the workspace, compare it with the
 * installed one, and answer with the verdict card. A valid license gets a one-time code and an *Apply license* button;
 * nothing is applied here. Every check is audited.
 */
import type { Attachment } from '../../cards/attachments.js';
import { cardToAttachment } from '../../cards/attachments.js';
import { formatDateTime } from '../../cards/format.js';
import type { CommandContext, Reply } from '../../dispatch/command.js';
import { text } from '../../dispatch/reply.js';
import type { LicenseVerdict } from '../types.js';
import { licenseFingerprint } from '../verify.js';
import { auditOrigin } from '../../confirm/audit.js';
import { auditVerdict } from './audit.js';
import { APPLY_PERMISSION, type BotAccess } from './bot-access.js';
import { comparisonCard, confirmationActions, verdictCard } from './cards.js';
import { compareLicenses } from './compare.js';
import type { FlowParts } from './parts.js';
import { licenseFileOf } from './recognise.js';
import type { LicenseRequest } from './requests.js';
import { readLicenseFrom } from './source.js';

/** Why the bot cannot apply, and what fixes it. */
export function missingPermissionText(): string {
  return `my account lacks the Rocket.Chat permission \`${APPLY_PERMISSION}\` (what \`licenses.add\` requires). Grant it to one of my roles under Administration > Permissions`;
}

function headline(verdict: LicenseVerdict, same: boolean, access: BotAccess, request: LicenseRequest | undefined, timeZone: string): string {
  const warned = verdict.warnings.length ? ` ⚠️ ${verdict.warnings.map((w) => w.message).join(' ')}` : '';
  return headlineOf(verdict.valid, same, access, request, timeZone) + (verdict.valid && !same ? warned : '');
}

function headlineOf(valid: boolean, same: boolean, access: BotAccess, request: LicenseRequest | undefined, timeZone: string): string {
  if (!valid) return '⛔ I will not apply this license: it is not valid for this workspace (the reasons are on the card).';
  if (same) return 'This license is already installed on this workspace: there is nothing to apply.';
  if (access === 'missing' || !request) return `✔ This license is valid for this workspace, but I cannot apply it: ${missingPermissionText()}, then send the license again.`;
  return (
    `✔ This license is valid for this workspace. Nothing changes until you confirm: press *Apply license* or reply \`apply ${request._id}\` ` +
    `before ${formatDateTime(request.expiresAt, timeZone)}; \`cancel\` drops it.`
  );
}

/** A "direct message" with more members than the sender and the bot: they could all read the license. */
async function sharedDirectMessage(parts: FlowParts, roomId: string): Promise<boolean> {
  const { room } = await parts.chat.get<{ room?: { uids?: string[]; usernames?: string[]; usersCount?: number } }>('rooms.info', { roomId });
  return (room?.uids?.length ?? room?.usernames?.length ?? room?.usersCount ?? 2) > 2;
}

/** Checks the license the command's message carries; one exposed to others is not checked but reported. */
export async function checkLicense(parts: FlowParts, ctx: CommandContext<unknown>): Promise<Reply | Reply[]> {
  const { message } = ctx;
  if (await sharedDirectMessage(parts, message.roomId)) {
    // Nothing is said where the others can read it: the warning goes to the sender's own DM with the bot.
    await parts.leaks.report(message);
    return [];
  }
  if (message.files.length > 0 && !licenseFileOf(message.files) && !message.text.trim()) {
    return text('I read licenses from `.txt` files only: upload the license as a `.txt` file, or paste its text as a message.');
  }
  const read = await readLicenseFrom(message, parts.chat);
  if (!read.ok) return text(read.problem);

  const [view, access] = await Promise.all([parts.workspace.read(), parts.access.current()]);
  const verdict = await view.judge(read.text);
  const fingerprint = licenseFingerprint(read.text);
  const comparison = compareLicenses(view.installed, verdict, fingerprint);
  const same = comparison.installed === 'same';
  const installedFingerprint = view.installed?.fingerprint ?? null;

  let request: LicenseRequest | undefined;
  if (verdict.valid && !same && access !== 'missing') {
    request = await parts.requests.create({
      userId: ctx.sender.id,
      username: ctx.sender.username,
      source: read.source,
      fingerprint,
      installedFingerprint,
    });
  }
  const outcome = !verdict.valid
    ? 'not valid: not offered for applying'
    : same
      ? 'already installed'
      : request
        ? 'valid: waiting for confirmation'
        : 'valid, but the bot may not apply it';
  await parts.audit.record({
    ...auditOrigin(ctx, parts.now()),
    action: 'check',
    fingerprint,
    verdict: auditVerdict(verdict),
    outcome,
    previousFingerprint: installedFingerprint,
  });
  ctx.log.info({ fingerprint: fingerprint.slice(0, 16), valid: verdict.valid, outcome }, 'license checked');

  const now = parts.now();
  const attachments: Attachment[] = [cardToAttachment(verdictCard({ verdict, fingerprint, now, timeZone: parts.timeZone }))];
  if (verdict.version !== null) {
    attachments.push(
      cardToAttachment(
        comparisonCard({ comparison, installedFingerprint, installedValid: view.installed?.verdict.valid ?? false, now, timeZone: parts.timeZone }),
      ),
    );
  }
  const last = attachments[attachments.length - 1];
  if (request && last) last.actions = confirmationActions(request._id);
  return { kind: 'message', text: headline(verdict, same, access, request, parts.timeZone), attachments };
}
