import { describe, expect, it } from 'vitest';
import { renderMessage } from './render-message.js';

describe('the sandbox client shows a message', () => {
  it('as room, author and text, with each attachment as its title and fields', () => {
    const lines = renderMessage('#infobot-admin', {
      msg: 'Usage',
      u: { username: 'infobot' },
      attachments: [{ title: 'Usage', fields: [{ title: 'Users · Total', value: '300' }] }],
    });
    expect(lines).toEqual(['[#infobot-admin] infobot: Usage', '  ┃ Usage', '  ┃   Users · Total: 300']);
  });

  it('keeps every line of a multi-line field value inside the card', () => {
    const lines = renderMessage('#infobot-admin', {
      msg: '',
      u: { username: 'infobot' },
      attachments: [{ fields: [{ title: 'Users · Total', value: '323\n↑ +3 since yesterday' }] }],
    });
    expect(lines.slice(1)).toEqual(['  ┃   Users · Total: 323', '  ┃     ↑ +3 since yesterday']);
  });

  it('shows system messages on one line with their type', () => {
    expect(renderMessage('#general', { msg: 'user', t: 'uj', u: { username: 'user' } })).toEqual(['[#general] · user uj user']);
  });
});
