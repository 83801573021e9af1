/**
 * Charts as PNG images, server-side and without a native build: Apache ECharts draws SVG in its server-side mode
 * (no DOM, no canvas), and resvg (a prebuilt binary shipped inside its npm package) rasterises it. The font is
 * Inter (SIL Open Font License), loaded from its npm package into resvg explicitly and no system font is looked
 * up, so text renders the same in a slim container without fonts. PNG because Rocket.Chat refuses SVG uploads by
 * default (FileUpload_MediaTypeBlackList has image/svg+xml, apps/meteor/server/settings/file-upload.ts).
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type * as EChartsApi from 'echarts/types/dist/echarts';


/** One line of a panel: daily points, null where the day has no value; `limit` lines are drawn dashed. */
export interface ChartSeries {
  name: string;
  points: readonly (readonly [day: string, value: number | null])[];
  style?: 'line' | 'limit';
}

/** One plot of the chart, stacked under the others, with its own unit on the value axis. */
export interface ChartPanel {
  title: string;
  /** What the values count, shown on the value axis: `users`, `messages`, `MB`. */
  unit: string;
  series: ChartSeries[];
  /** Vertical markers, e.g. where a series changes meaning. */
  markers?: { day: string; label: string }[];
}

/** A chart: a title, an optional note under it, and its panels. */
export interface ChartSpec {
  title: string;
  subtitle?: string;
  panels: ChartPanel[];
}

/** The rendered chart. */
export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

/** Okabe & Ito's palette: told apart with every common colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'] as const;
const LIMIT_COLOUR = '#000000';
const FONT = 'Inter';
const WIDTH = 900;
const PANEL_HEIGHT = 230;
const HEADER_HEIGHT = 70;
const FOOTER_HEIGHT = 30;

const require = createRequire(import.meta.url);
// ECharts' ESM declarations re-export through extensionless paths that NodeNext resolution does not follow: its
// CommonJS build is loaded instead and typed from the bundled declaration file.
const { init } = require('echarts') as typeof EChartsApi;
const FONT_FILES = [
  require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  require.resolve('@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf'),
];

function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Compact value-axis labels: 1 200 → 1.2k, 3 400 000 → 3.4M. */
function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
  return String(+value.toFixed(2));
}

function option(spec: ChartSpec): EChartsApi.EChartsCoreOption {
  const grids = spec.panels.map((_, i) => ({ left: 84, right: 190, top: HEADER_HEIGHT + i * PANEL_HEIGHT + 28, height: PANEL_HEIGHT - 70 }));
  let colour = 0;
  const series = spec.panels.flatMap((panel, i) =>
    panel.series.map((s, j) => {
      const limit = s.style === 'limit';
      const color = limit ? LIMIT_COLOUR : PALETTE[colour++ % PALETTE.length];
      return {
        type: 'line',
        name: s.name,
        xAxisIndex: i,
        yAxisIndex: i,
        data: s.points.map(([day, value]) => [dayMs(day), value]),
        showSymbol: s.points.length <= 45 && !limit,
        symbolSize: 5,
        connectNulls: false,
        lineStyle: { width: limit ? 2 : 2.5, color, type: limit ? 'dashed' : 'solid' },
        itemStyle: { color },
        endLabel: { show: true, formatter: (p: { value: [number, number | null] }) => `${s.name}: ${p.value[1] === null ? '?' : compact(p.value[1])}`, color, fontSize: 13 },
        ...(j === 0 && panel.markers?.length
          ? {
              markLine: {
                symbol: 'none',
                lineStyle: { color: '#555555', type: 'dotted', width: 1.5 },
                label: { formatter: (p: { name: string }) => p.name, color: '#333333', fontSize: 12, position: 'end' },
                data: panel.markers.map((m) => ({ xAxis: dayMs(m.day), name: m.label })),
              },
            }
          : {}),
      };
    }),
  );
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT, color: '#222222' },
    title: [
      { text: spec.title, subtext: spec.subtitle ?? '', left: 16, top: 10, textStyle: { fontSize: 20, fontWeight: 600 }, subtextStyle: { fontSize: 13, color: '#444444' } },
      ...spec.panels.map((panel, i) => ({ text: panel.title, left: 80, top: HEADER_HEIGHT + i * PANEL_HEIGHT, textStyle: { fontSize: 15, fontWeight: 600 } })),
    ],
    grid: grids,
    xAxis: spec.panels.map((_, i) => ({
      type: 'time',
      gridIndex: i,
      name: i === spec.panels.length - 1 ? 'day' : '',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { fontSize: 12, color: '#333333', hideOverlap: true, formatter: '{MMM} {d}' },
      splitLine: { show: false },
    })),
    yAxis: spec.panels.map((panel, i) => ({
      type: 'value',
      gridIndex: i,
      scale: true,
      name: panel.unit,
      nameLocation: 'middle',
      nameGap: 52,
      nameTextStyle: { fontSize: 13, color: '#333333' },
      axisLabel: { fontSize: 12, color: '#333333', formatter: compact },
      splitLine: { lineStyle: { color: '#e3e3e3' } },
    })),
    series,
  };
}

/** The chart's height for a number of panels. */
export function chartHeight(panels: number): number {
  return HEADER_HEIGHT + panels * PANEL_HEIGHT + FOOTER_HEIGHT;
}

/** Renders the chart to a PNG (900 px wide, 230 px per panel, white background). */
export function renderChart(spec: ChartSpec): RenderedChart {
  const height = chartHeight(spec.panels.length);
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  let svg: string;
  try {
    chart.setOption(option(spec));
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const image = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    background: '#ffffff',
    fitTo: { mode: 'original' },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
