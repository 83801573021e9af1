import { describe, expect, test } from 'vitest';
import type { IncomingMessage } from '../../src/chat/incoming.js';
import { ignoreReason, venueOf } from '../../src/dispatch/filter.js';

const message = (over: Partial<IncomingMessage> = {}): IncomingMessage => ({
  id: 'm1',
  roomId: 'R1',
  roomType: 'p',
  roomName: 'infobot-admin',
  roomParticipant: true,
  text: '/info',
  sender: { id: 'ada', username: 'ada' },
  mentions: [],
  fromBot: false,
  files: [],
  sentAt: new Date(0),
  ...over,
});

describe('what the bot ignores and where it listens', () => {
  test.each([
    [message({ sender: { id: 'bot', username: 'infobot' } }), 'own'],
    [message({ systemType: 'uj' }), 'system'],
    [message({ fromBot: true }), 'bot'],
    [message({ editedAt: new Date() }), 'edited'],
    [message(), undefined],
  ])('%#: ignored as %s', (m, reason) => {
    expect(ignoreReason(m, 'bot')).toBe(reason);
  });

  test.each([
    [message({ roomType: 'd', roomName: undefined }), 'direct'],
    [message(), 'listened'],
    [message({ roomName: 'Infobot-Admin' }), 'listened'],
    [message({ roomName: 'other', roomId: 'OPS1' }), 'listened'],
    [message({ roomName: 'general', roomType: 'c', roomId: 'GENERAL' }), 'elsewhere'],
    [message({ roomParticipant: false, roomType: 'c' }), 'not-joined'],
  ])('%#: venue %s', (m, venue) => {
    expect(venueOf(m, ['infobot-admin', 'OPS1'])).toBe(venue);
  });
});
