/** `cancel`: drops the sender's licenses waiting for confirmation; their codes stop working. Audited. */
import type { CommandContext, Reply } from '../../dispatch/command.js';
import { text } from '../../dispatch/reply.js';
import { shortFingerprint } from './cards.js';
import { auditOrigin } from '../../confirm/audit.js';
import type { FlowParts } from './parts.js';

/** Cancels what the sender has pending. */
export async function cancelLicense(parts: FlowParts, ctx: CommandContext<unknown>): Promise<Reply> {
  const cancelled = await parts.requests.cancelPending(ctx.sender.id);
  if (cancelled.length === 0) return text('Nothing to cancel: no license of yours is waiting for confirmation.');
  for (const request of cancelled) {
    await parts.audit.record({
      ...auditOrigin(ctx, parts.now()),
      action: 'cancel',
      fingerprint: request.fingerprint,
      outcome: `cancelled code ${request._id}`,
      previousFingerprint: request.installedFingerprint,
    });
  }
  const licenses = cancelled.map((r) => `${shortFingerprint(r.fingerprint)} (code \`${r._id}\`)`).join(', ');
  return text(`Cancelled: ${licenses} will not be applied. Nothing changed.`);
}
