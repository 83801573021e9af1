/** `license history`: the last audit entries, newest first. */
import type { Reply } from '../../dispatch/command.js';
import { text } from '../../dispatch/reply.js';
import { historyLines } from './cards.js';
import type { FlowParts } from './parts.js';

/** How many entries `license history` lists. */
export const HISTORY_LENGTH = 15;

/** The last license events. */
export async function licenseHistory(parts: FlowParts): Promise<Reply> {
  const entries = await parts.audit.recent(HISTORY_LENGTH);
  if (entries.length === 0) return text('No license has been checked or applied through me yet.');
  return text(
    [`The last ${entries.length} license events, newest first (licenses named by their SHA-256 fingerprint):`, ...historyLines(entries, parts.timeZone)].join('\n'),
  );
}
