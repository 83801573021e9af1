/**
 * The card a user gets when a command fails: what failed, what to do, and the reference id that finds
 * the full error in the log. Pure.
 */
import type { Card } from '../cards/model.js';
import type { FailureDescription } from './errors.js';

/** A danger card for a failed command; `ref` also appears in the log line with the stack. */
export function errorCard(command: string, failure: FailureDescription, ref: string, now: Date): Card {
  return {
    id: 'error',
    title: `Could not answer ${command}`,
    state: 'danger',
    fields: [
      { label: 'What failed', value: failure.failed, short: false },
      { label: 'Reference', value: ref, short: true },
      { label: 'Try again', value: failure.transient ? 'in a minute' : 'after checking the bot’s log', short: true },
    ],
    notes: [failure.detail, `Quote reference ${ref} when you report this; the bot’s log has the details under it.`],
    asOf: now,
  };
}
