/**
 * `npm run bench:chart`: how long a chart takes to render (ECharts' SVG, rasterised by resvg) and how big its PNG
 * is, for the 400-day chart (`/info history --chart users --days 400`) and the daily post's 30-day chart with three
 * panels. Prints the first (cold) render, then the median and p95 of the next ones (wall clock, and this process's
 * CPU time, which a loaded shared machine inflates less), and one JSON line.
 * Options: --runs N (default 20), --out FILE (also writes the daily chart's PNG there).
 */
import { writeFileSync } from 'node:fs';
import yargsParser from 'yargs-parser';
import { renderChart } from '../../src/charts/render.js';
import { dailyChart, trendChart } from '../../src/charts/trend.js';
import type { DailyNumbers, DailySnapshot } from '../../src/history/numbers.js';
import { addDays } from '../../src/schedule/zoned-time.js';

const args = yargsParser(process.argv.slice(2), { string: ['out'], number: ['runs'] });
const runs = Math.max(1, Number(args.runs ?? 20));
const TODAY = '2026-03-31';

/** 400 days of a growing workspace with weekly rhythm, an upgrade across the active-user switch, a license. */
function history(days: number): DailySnapshot[] {
  let totalMessages = 400_000;
  return Array.from({ length: days }, (_, k) => {
    const i = days - 1 - k;
    const day = addDays(TODAY, -i);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const busy = weekday === 0 || weekday === 6 ? 0.3 : 1;
    const users = 1200 + k * 2;
    totalMessages += Math.round(busy * (3000 + k * 4 + ((k * 7919) % 900)));
    const numbers: DailyNumbers = {
      totalUsers: users,
      activeUsers: Math.round(users * 0.82) - (k > days / 2 ? 25 : 0),
      onlineUsers: Math.round(users * 0.2 * busy),
      totalRooms: 300 + Math.floor(k / 3),
      roomsLast24h: null,
      totalMessages,
      messagesLast24h: null,
      uploadsTotal: 5000 + k * 12,
      uploadsTotalSize: (2_000 + k * 9) * 1024 * 1024,
      seatsUsed: Math.round(users * 0.78),
      seatsMax: 1800,
      licenseDaysLeft: 200 - k,
      instanceCount: 2,
    };
    return {
      day,
      takenAt: new Date(`${day}T09:00:00Z`),
      numbers,
      version: k > days / 2 ? '6.4.0' : '6.3.1',
      license: { state: 'valid', validUntil: null, plan: [], reasons: [] },
      failed: [],
      ...(k < days - 30 ? { source: 'rocketchat' as const } : {}),
    };
  });
}

function measure(label: string, make: () => ReturnType<typeof renderChart>) {
  const coldStart = performance.now();
  const first = make();
  const cold = performance.now() - coldStart;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    make();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const at = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] ?? Number.NaN;
  const result = {
    label,
    width: first.width,
    height: first.height,
    pngBytes: first.png.length,
    coldMs: Math.round(cold),
    medianMs: Math.round(at(wall, 50)),
    p95Ms: Math.round(at(wall, 95)),
    cpuMedianMs: Math.round(at(cpu, 50)),
  };
  console.log(
    `${label}: ${first.width}×${first.height} px, PNG ${(first.png.length / 1024).toFixed(1)} KiB; cold ${result.coldMs} ms, then median ${result.medianMs} ms (CPU ${result.cpuMedianMs} ms), p95 ${result.p95Ms} ms over ${runs} runs`,
  );
  return { result, png: first.png };
}

const rows = history(400);
const year = measure('400 points (users, 3 series, one meaning break)', () => renderChart(trendChart('users', rows, TODAY, 400, 'UTC')));
const single = measure('400 points (rooms, 1 series)', () => renderChart(trendChart('rooms', rows, TODAY, 400, 'UTC')));
const daily = measure('daily post (30 days: users, messages, seats vs limit)', () => renderChart(dailyChart(rows, TODAY, 'UTC')));
if (args.out) writeFileSync(String(args.out), daily.png);
console.log(JSON.stringify({ runs, results: [year.result, single.result, daily.result] }));
