/** Decoding a chart PNG (pngjs, pure JavaScript) and the pixel figures the chart tests compare. */
import { PNG } from 'pngjs';

/** A decoded image: RGBA bytes, row by row. */
export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

export function decodePng(png: Buffer): Pixels {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, data: image.data };
}

/** `#rrggbb` as numbers. */
function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The pixels within `tolerance` (per channel) of `hex`, in the rectangle given (default the whole image). */
export function pixelsOf(image: Pixels, hex: string, tolerance = 24, area = { x: 0, y: 0, width: image.width, height: image.height }): { x: number; y: number }[] {
  const [r, g, b] = rgb(hex);
  const found: { x: number; y: number }[] = [];
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let x = area.x; x < area.x + area.width; x++) {
      const i = (y * image.width + x) * 4;
      const close = Math.abs((image.data[i] ?? 0) - r) <= tolerance && Math.abs((image.data[i + 1] ?? 0) - g) <= tolerance && Math.abs((image.data[i + 2] ?? 0) - b) <= tolerance;
      if (close && (image.data[i + 3] ?? 0) > 200) found.push({ x, y });
    }
  }
  return found;
}

/** Share of pixels that are not (near) white. */
export function inkShare(image: Pixels): number {
  let ink = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if ((image.data[i] ?? 255) < 235 || (image.data[i + 1] ?? 255) < 235 || (image.data[i + 2] ?? 255) < 235) ink++;
  }
  return ink / (image.width * image.height);
}

/** Mean y of points left and right of `splitX` (screen y: smaller is higher up). */
export function meanY(points: { x: number; y: number }[], splitX: number): { left: number; right: number } {
  const mean = (ps: { y: number }[]) => ps.reduce((sum, p) => sum + p.y, 0) / Math.max(1, ps.length);
  return { left: mean(points.filter((p) => p.x < splitX)), right: mean(points.filter((p) => p.x >= splitX)) };
}
