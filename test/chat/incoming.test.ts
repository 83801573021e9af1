import { describe, expect, test } from 'vitest';
import { parseStreamFrame } from '../../src/chat/incoming.js';

const frame = (message: Record<string, unknown>, meta: Record<string, unknown> = { roomParticipant: true, roomType: 'p', roomName: 'infobot-admin' }) => ({
  msg: 'changed',
  collection: 'stream-room-messages',
  id: 'id',
  fields: { eventName: '__my_messages__', args: [message, meta] },
});
const base = { _id: 'm1', rid: 'R1', msg: '/info', ts: { $date: 1795663695483 }, u: { _id: 'ada', username: 'ada', name: 'Ada' } };

describe('reading stream frames', () => {
  test('a message frame becomes a typed message with its room facts', () => {
    expect(parseStreamFrame(frame({ ...base, tmid: 'T1', mentions: [{ _id: 'bot', username: 'infobot' }, { bad: 1 }] }))).toEqual({
      id: 'm1',
      roomId: 'R1',
      roomType: 'p',
      roomName: 'infobot-admin',
      roomParticipant: true,
      text: '/info',
      sender: { id: 'ada', username: 'ada', name: 'Ada' },
      mentions: [{ id: 'bot', username: 'infobot' }],
      threadId: 'T1',
      fromBot: false,
      files: [],
      sentAt: new Date(1795663695483),
    });
  });

  test('a file message lists its files with their download paths', () => {
    const m = parseStreamFrame(
      frame({
        ...base,
        msg: '',
        files: [{ _id: 'F1', name: 'license.txt', type: 'text/plain', size: 12 }],
        attachments: [{ title: 'license.txt', title_link: '/file-upload/F1/license.txt' }],
      }),
    );
    expect(m?.files).toEqual([{ id: 'F1', name: 'license.txt', type: 'text/plain', size: 12, path: '/file-upload/F1/license.txt' }]);
  });

  test.each([
    ['not an object', 'hello'],
    ['another event', { msg: 'changed', fields: { eventName: 'R1', args: [base] } }],
    ['a ready frame', { msg: 'ready', subs: ['ddp-2'] }],
    ['no args', { msg: 'changed', fields: { eventName: '__my_messages__' } }],
    ['no sender', frame({ ...base, u: undefined })],
    ['no id', frame({ ...base, _id: 7 })],
  ])('%s is not a message', (_, f) => {
    expect(parseStreamFrame(f)).toBeUndefined();
  });
});
