/**
 * Charts as images: rendered to PNG, decoded again (pngjs) and measured. Size and ink, the palette's colours where
 * the series are, a rising and a falling series told apart by where their pixels sit, the license limit as a line,
 * and text drawn with the bundled font (resvg draws no text without a font it was given).
 */
import { describe, expect, test } from 'vitest';
import { chartHeight, PALETTE, renderChart, type ChartSpec } from '../../src/charts/render.js';
import { decodePng, inkShare, meanY, pixelsOf } from './png.js';

const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));

function oneSeries(values: (i: number) => number | null, extra: Partial<ChartSpec> = {}): ChartSpec {
  return { title: 'Users, last 60 days', subtitle: 'test data', panels: [{ title: 'Users', unit: 'users', series: [{ name: 'Total', points: days.map((d, i) => [d, values(i)]) }] }], ...extra };
}

describe('chart images', () => {
  test('a PNG of the stated size, with ink on it and the first series in the palette’s first colour', () => {
    const chart = renderChart(oneSeries((i) => 1000 + i * 5));
    const image = decodePng(chart.png);
    expect([image.width, image.height]).toEqual([900, chartHeight(1)]);
    expect([chart.width, chart.height]).toEqual([image.width, image.height]);
    const ink = inkShare(image);
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.5);
    expect(pixelsOf(image, PALETTE[0]).length).toBeGreaterThan(300);
    expect(pixelsOf(image, PALETTE[1]).length).toBe(0);
  });

  test('two data sets give different pictures: a rising line sits high on the right, a falling one on the left', () => {
    const rising = decodePng(renderChart(oneSeries((i) => 1000 + i * 5)).png);
    const falling = decodePng(renderChart(oneSeries((i) => 1300 - i * 5)).png);
    const up = meanY(pixelsOf(rising, PALETTE[0]), 450);
    const down = meanY(pixelsOf(falling, PALETTE[0]), 450);
    expect(up.right).toBeLessThan(up.left - 20);
    expect(down.left).toBeLessThan(down.right - 20);
    // The images differ pixel by pixel where the lines are, not just in a corner.
    let differing = 0;
    for (let i = 0; i < rising.data.length; i += 4) if (rising.data[i] !== falling.data[i]) differing++;
    expect(differing).toBeGreaterThan(1000);
  });

  test('a day without a value leaves a gap, and a limit is drawn as a black line across the panel', () => {
    const withGap = decodePng(renderChart(oneSeries((i) => (i >= 20 && i < 40 ? null : 1000 + i))).png);
    const whole = decodePng(renderChart(oneSeries((i) => 1000 + i)).png);
    expect(pixelsOf(withGap, PALETTE[0]).length).toBeLessThan(pixelsOf(whole, PALETTE[0]).length * 0.8);

    const seats = (limit: boolean): ChartSpec => ({
      title: 'Seats',
      panels: [
        {
          title: 'Seats',
          unit: 'seats',
          series: [
            { name: 'Used', points: days.map((d, i) => [d, 800 + i]) },
            ...(limit ? [{ name: 'Limit', points: days.map((d) => [d, 1000] as const), style: 'limit' as const }] : []),
          ],
        },
      ],
    });
    const plotArea = { x: 100, y: 92, width: 600, height: 170 };
    const black = (limit: boolean) => pixelsOf(decodePng(renderChart(seats(limit)).png), '#000000', 40, plotArea);
    const line = black(true);
    expect(line.length).toBeGreaterThan(150);
    // Horizontal: its pixels share a few rows.
    expect(new Set(line.map((p) => p.y)).size).toBeLessThan(6);
    expect(black(false).length).toBe(0);
  });

  test('text is drawn with the bundled font: the title area has dark glyph pixels, more for a longer title', () => {
    const titleArea = { x: 0, y: 0, width: 900, height: 40 };
    const dark = (title: string) => pixelsOf(decodePng(renderChart(oneSeries((i) => i, { title, subtitle: '' })).png), '#222222', 60, titleArea).length;
    const short = dark('Users');
    const long = dark('Users and messages over the last sixty days');
    expect(short).toBeGreaterThan(50);
    expect(long).toBeGreaterThan(short * 3);
  });
});
