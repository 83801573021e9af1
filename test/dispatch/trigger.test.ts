import { describe, expect, test } from 'vitest';
import { recognise } from '../../src/dispatch/trigger.js';

const roots = new Set(['info', 'help']);
const inRoom = { roots, botUsername: 'infobot', direct: false };
const inDm = { roots, botUsername: 'infobot', direct: true };

describe('recognising a command in a message', () => {
  test.each([
    ['/info', inRoom, { line: 'info', form: 'slash' }],
    ['/info usage', inRoom, { line: 'info usage', form: 'slash' }],
    ['/INFO Usage', inRoom, { line: 'INFO Usage', form: 'slash' }],
    ['!info download', inRoom, { line: 'info download', form: 'bang' }],
    ['  !info  ', inRoom, { line: 'info', form: 'bang' }],
    ['@infobot info usage', inRoom, { line: 'info usage', form: 'mention' }],
    ['@InfoBot: info', inRoom, { line: 'info', form: 'mention' }],
    ['@infobot, help', inRoom, { line: 'help', form: 'mention' }],
    ['@infobot', inRoom, { line: '', form: 'mention' }],
    ['@infobot usgae', inRoom, { line: 'usgae', form: 'mention' }],
    ['info', inDm, { line: 'info', form: 'direct' }],
    ['info federation', inDm, { line: 'info federation', form: 'direct' }],
    ['/info refresh', inDm, { line: 'info refresh', form: 'slash' }],
    ['/infp', inDm, { line: 'infp', form: 'slash' }],
    ['hello there', inDm, { line: 'hello there', form: 'direct' }],
  ])('%j is a command', (text, setting, expected) => {
    expect(recognise(text, setting)).toEqual(expected);
  });

  test.each([
    ['info', inRoom],
    ['what does /info show?', inRoom],
    ['/deploy prod', inRoom],
    ['!weather', inRoom],
    ['@infobot2 info', inRoom],
    ['@infobot.old info', inRoom],
    ['email infobot info', inRoom],
    ['', inDm],
    ['   ', inRoom],
  ])('%j is not for the bot', (text, setting) => {
    expect(recognise(text, setting)).toBeUndefined();
  });

  test('a bot username with regex characters is matched literally', () => {
    expect(recognise('@info.bot info', { roots, botUsername: 'info.bot', direct: false })).toEqual({ line: 'info', form: 'mention' });
    expect(recognise('@infoXbot info', { roots, botUsername: 'info.bot', direct: false })).toBeUndefined();
  });
});
