import { describe, expect, test } from 'vitest';
import { CUT_MARK, MAX_PIECES, splitText } from '../../src/dispatch/split-text.js';

const lines = (n: number, width: number) => Array.from({ length: n }, (_, i) => `${i}`.padEnd(width, 'x'));

describe('splitText', () => {
  test('a text within the limit is one piece, as it is', () => {
    expect(splitText('short\ntext', 100)).toEqual(['short\ntext']);
    expect(splitText('', 100)).toEqual(['']);
  });

  test('a longer text is cut at line ends: every piece within the limit, joined with newlines it is the text again', () => {
    const text = lines(30, 37).join('\n');
    const pieces = splitText(text, 100);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    expect(pieces.join('\n')).toBe(text);
    // 37 + 1 + 37 = 75 fits, a third line would not: two lines a piece.
    expect(pieces).toHaveLength(15);
  });

  test('blank lines and a line exactly the limit long are kept', () => {
    const text = ['a'.repeat(10), '', '', 'b'.repeat(10), 'c'.repeat(10)].join('\n');
    const pieces = splitText(text, 10);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(10);
    expect(pieces.join('\n')).toBe(text);
  });

  test('a line longer than the limit is cut inside, each cut marked, nothing lost', () => {
    const long = 'y'.repeat(250);
    const pieces = splitText(`head\n${long}\ntail`, 100);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    const cut = pieces.filter((p) => p.endsWith(CUT_MARK));
    expect(cut.length).toBeGreaterThan(0);
    expect(pieces.join('\n').replaceAll(`${CUT_MARK}\n`, '').replaceAll(CUT_MARK, '')).toContain(long);
    expect(pieces.at(-1)).toContain('tail');
  });

  test('a cut never separates the halves of a surrogate pair', () => {
    const text = '😀'.repeat(100);
    for (const piece of splitText(text, 51)) {
      expect(piece.length).toBeLessThanOrEqual(51);
      expect(piece.replace(CUT_MARK, '')).toMatch(/^(?:😀)*$/u);
    }
  });

  test(`a huge text stops at ${MAX_PIECES} pieces, the last saying how much was left out`, () => {
    const text = 'z'.repeat(1_000_000);
    const pieces = splitText(text, 100);
    expect(pieces).toHaveLength(MAX_PIECES);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    const kept = (MAX_PIECES - 1) * (100 - CUT_MARK.length);
    expect(pieces.at(-1)).toMatch(new RegExp(`\\(${text.length - kept} more characters left out\\)$`));
  });
});
