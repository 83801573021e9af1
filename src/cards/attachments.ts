/**
 * Cards rendered for Rocket.Chat: message attachments (fields side by side, a colour per state)
 * and a plain-text fallback for clients and notifications that do not render attachments.
 * Pure: data in, data out.
 */
import { formatDateTime } from './format.js';
import type { Card, CardField, CardState } from './model.js';

/** One attachment field; Rocket.Chat refuses empty titles and values, so both are always non-empty. */
export interface AttachmentField {
  short?: boolean;
  title: string;
  value: string;
}

/** A button under an attachment; with `msg_in_chat_window` a click sends `msg` as the user. */
export interface AttachmentAction {
  type: 'button';
  text: string;
  msg?: string;
  msg_in_chat_window?: boolean;
  url?: string;
}

/** The subset of Rocket.Chat's message attachment the bot sends. */
export interface Attachment {
  color?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: AttachmentField[];
  /** ISO time shown beside the title. */
  ts?: string;
  collapsed?: boolean;
  actions?: AttachmentAction[];
}

/** A message ready to send: its text and attachments. */
export interface RenderedMessage {
  text: string;
  attachments: Attachment[];
}

/** Rocket.Chat's default Message_MaxAllowedSize; messages stay under it with room to spare. */
export const MESSAGE_LIMIT = 5000;
const BUDGET = MESSAGE_LIMIT - 500;

/** Rocket.Chat's palette (success, primary, warning, danger), so cards look native. */
export const STATE_COLOURS: Record<CardState, string> = {
  ok: '#2de0a5',
  info: '#1d74f5',
  warning: '#ffd21f',
  danger: '#f5455c',
};

const STATE_MARKS: Record<CardState, string> = { ok: '', info: '', warning: '⚠️ ', danger: '⛔ ' };

const SOURCE_MARKS = {
  snapshot: { mark: '¹', legend: '¹ from Rocket.Chat’s last statistics snapshot' },
  api: { mark: '²', legend: '² reported by Rocket.Chat’s API' },
  failed: { mark: '†', legend: '† could not be computed' },
} as const;

const EMPTY_VALUE = '—';

function fieldValue(field: CardField): string {
  const value = field.value.trim() || EMPTY_VALUE;
  const mark = field.source && field.source !== 'live' ? SOURCE_MARKS[field.source].mark : '';
  return `${STATE_MARKS[field.state ?? 'ok']}${value}${mark}`;
}

function legends(card: Card): string[] {
  const used = new Set(card.fields.map((f) => f.source).filter((s) => s !== undefined && s !== 'live'));
  const snapshotAt = card.fields.find((f) => f.source === 'snapshot' && f.asOf)?.asOf;
  return (['snapshot', 'api', 'failed'] as const)
    .filter((s) => used.has(s))
    .map((s) => (s === 'snapshot' && snapshotAt ? `${SOURCE_MARKS[s].legend} (${formatDateTime(snapshotAt, card.timeZone)})` : SOURCE_MARKS[s].legend));
}

/** Labels repeat across the Info page's headings (`Total` under Users and under Rooms): the heading disambiguates. */
function fieldTitle(field: CardField): string {
  const label = field.label.trim() || EMPTY_VALUE;
  return field.section ? `${field.section} · ${label}` : label;
}

/** One card as one attachment: title, colour from its state, short fields, notes and footnotes as text. */
export function cardToAttachment(card: Card): Attachment {
  const lines = [...card.notes.map((n) => `• ${n}`), ...legends(card)];
  const attachment: Attachment = {
    color: STATE_COLOURS[card.state],
    title: card.title.trim() || card.id,
    fields: card.fields.map((f) => ({ short: f.short ?? true, title: fieldTitle(f), value: fieldValue(f) })),
    ts: card.asOf.toISOString(),
  };
  if (lines.length > 0) attachment.text = lines.join('\n');
  return attachment;
}

/** Characters Rocket.Chat counts toward a message: its text and every string in its attachments. */
export function messageSize(message: RenderedMessage): number {
  let size = message.text.length;
  for (const a of message.attachments) {
    size += (a.title?.length ?? 0) + (a.text?.length ?? 0);
    for (const f of a.fields ?? []) size += f.title.length + f.value.length;
    for (const b of a.actions ?? []) size += b.text.length + (b.msg?.length ?? 0);
  }
  return size;
}

function shrink(attachment: Attachment): Attachment {
  const fields = [...(attachment.fields ?? [])];
  let text = attachment.text ?? '';
  const size = () => messageSize({ text: '', attachments: [{ ...attachment, text, fields }] });
  while (size() > BUDGET && text.length > 0) text = text.length > 200 ? `${text.slice(0, text.length - 200)}…` : '';
  while (size() > BUDGET && fields.length > 1) fields.pop();
  return { ...attachment, fields, text: text || `Some fields were left out to stay under ${MESSAGE_LIMIT} characters.` };
}

/**
 * Cards as messages: as many cards per message as fit under the message limit, the given text on the
 * first message only. A single oversized card loses notes, then trailing fields, and says so.
 */
export function cardsToMessages(cards: Card[], text: string): RenderedMessage[] {
  const messages: RenderedMessage[] = [];
  let current: RenderedMessage = { text, attachments: [] };
  for (const card of cards) {
    let attachment = cardToAttachment(card);
    if (messageSize({ text: '', attachments: [attachment] }) > BUDGET) attachment = shrink(attachment);
    const candidate = { text: current.text, attachments: [...current.attachments, attachment] };
    if (current.attachments.length > 0 && messageSize(candidate) > BUDGET) {
      messages.push(current);
      current = { text: '', attachments: [attachment] };
    } else {
      current = candidate;
    }
  }
  messages.push(current);
  return messages;
}

/** The cards as plain Rocket.Chat markdown, for places that do not render attachments. */
export function cardsToText(cards: Card[]): string {
  return cards
    .map((card) => {
      const a = cardToAttachment(card);
      const fields = (a.fields ?? []).map((f) => `${f.title}: ${f.value}`);
      return [`*${a.title}*`, ...fields, ...(a.text ? [a.text] : [])].join('\n');
    })
    .join('\n\n');
}

/** One line naming the cards and flagging the ones that need attention; the message text beside them. */
export function cardsSummary(cards: Card[]): string {
  return cards.map((c) => `${STATE_MARKS[c.state]}${c.title}`).join(' · ');
}
