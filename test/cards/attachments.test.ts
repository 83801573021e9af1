import { describe, expect, test } from 'vitest';
import { cardsSummary, cardsToMessages, cardsToText, cardToAttachment, MESSAGE_LIMIT, messageSize, STATE_COLOURS } from '../../src/cards/attachments.js';
import { formatDateTime } from '../../src/cards/format.js';
import type { Card } from '../../src/cards/model.js';

const asOf = new Date('2026-11-26T15:00:00Z');
const usage: Card = {
  id: 'usage',
  title: 'Usage',
  state: 'warning',
  fields: [
    { label: 'Total Users', value: '530', short: true },
    { label: 'Online', value: '0', short: true },
    { label: 'Uploads Size', value: '', short: true },
    { label: 'Deactivated Users', value: '12', state: 'danger' },
    { label: 'Total Messages', value: '2408133', source: 'snapshot', asOf: new Date('2026-11-25T03:12:00Z') },
    { label: 'Total', value: '1204', section: 'Rooms' },
    { label: 'Threads', value: 'n/a', source: 'failed' },
  ],
  notes: ['Seats are almost used up'],
  asOf,
};

describe('a card as a Rocket.Chat attachment', () => {
  const a = cardToAttachment(usage);

  test('title, colour per state, time and side-by-side fields', () => {
    expect(a).toMatchObject({ title: 'Usage', color: STATE_COLOURS.warning, ts: '2026-11-26T15:00:00.000Z' });
    expect(a.fields?.slice(0, 2)).toEqual([
      { short: true, title: 'Total Users', value: '530' },
      { short: true, title: 'Online', value: '0' },
    ]);
  });

  test('every value is a non-empty string (Rocket.Chat refuses empty ones)', () => {
    for (const f of a.fields ?? []) {
      expect(typeof f.value).toBe('string');
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.title.length).toBeGreaterThan(0);
    }
    expect(a.fields?.[2]?.value).toBe('—');
  });

  test('field states and sources are marked, with a legend under the notes', () => {
    expect(a.fields?.[3]?.value).toBe('⛔ 12');
    expect(a.fields?.[4]?.value).toBe('2408133¹');
    expect(a.fields?.[6]?.value).toBe('n/a†');
    expect(a.text).toBe(`• Seats are almost used up\n¹ from Rocket.Chat’s last statistics snapshot (${formatDateTime(new Date('2026-11-25T03:12:00Z'))})\n† could not be computed`);
  });

  test('a label that repeats across headings carries its heading', () => {
    expect(a.fields?.[5]).toEqual({ short: true, title: 'Rooms · Total', value: '1204' });
  });

  test.each(Object.entries(STATE_COLOURS))('state %s has colour %s', (state, colour) => {
    expect(cardToAttachment({ ...usage, state: state as Card['state'] }).color).toBe(colour);
  });
});

describe('cards as messages', () => {
  test('four ordinary cards fit one message, with the text on it', () => {
    const cards = ['Deployment', 'License', 'Usage', 'Federation'].map((title) => ({ ...usage, id: title, title }));
    const messages = cardsToMessages(cards, 'Info');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.attachments.map((x) => x.title)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
    expect(messageSize(messages[0] ?? { text: '', attachments: [] })).toBeLessThan(MESSAGE_LIMIT);
  });

  test('cards too big for one message are split, each message under the limit', () => {
    const big = (n: number): Card => ({
      ...usage,
      id: `c${n}`,
      title: `Card ${n}`,
      fields: Array.from({ length: 40 }, (_, i) => ({ label: `Field number ${i}`, value: 'x'.repeat(30), short: true })),
    });
    const messages = cardsToMessages([big(1), big(2), big(3)], 'Intro');
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.flatMap((m) => m.attachments.map((x) => x.title))).toEqual(['Card 1', 'Card 2', 'Card 3']);
    expect(messages.map((m) => m.text)).toEqual(['Intro', ...messages.slice(1).map(() => '')]);
    for (const m of messages) expect(messageSize(m)).toBeLessThan(MESSAGE_LIMIT);
  });

  test('a single oversized card is trimmed and says so', () => {
    const huge: Card = { ...usage, fields: Array.from({ length: 200 }, (_, i) => ({ label: `F${i}`, value: 'y'.repeat(50) })), notes: ['n'.repeat(3000)] };
    const [only] = cardsToMessages([huge], '');
    expect(messageSize(only ?? { text: '', attachments: [] })).toBeLessThan(MESSAGE_LIMIT);
    expect(only?.attachments[0]?.fields?.length).toBeLessThan(200);
  });

  test('the text fallback carries every label and value', () => {
    const text = cardsToText([usage]);
    expect(text.split('\n')[0]).toBe('*Usage*');
    for (const f of usage.fields) expect(text).toContain(f.label);
    expect(text).toContain('Total Users: 530');
  });

  test('the summary line flags the cards that need attention', () => {
    expect(cardsSummary([{ ...usage, title: 'Deployment', state: 'ok' }, usage, { ...usage, title: 'License', state: 'danger' }])).toBe(
      'Deployment · ⚠️ Usage · ⛔ License',
    );
  });
});
