// The landscape's still part: the grid shown as a heat map (colours spread by rank, so they are
// evenly used), its contour lines, the axes and the frame, painted once into an offscreen canvas
// and copied on every redraw; painted again only when the grid, the size, the ranges, the pair or
// the theme changes. The moving parts (path, point, arrow) are drawn over it by landscape-view.ts.
import { contourLevels, contourSegments, Segment } from '../../src/core/insight/contours';
import type { LandscapeGrid } from '../../src/core/insight/landscape';
import { formatNumber } from '../ui/dom';
import { prepareCanvas, rampColor, ViewColors } from './canvas';

export const MARGIN = { left: 46, right: 10, top: 8, bottom: 34 };
const CONTOURS = 9;

export interface MapFrame {
  plot: number;
  rangeI: [number, number];
  rangeJ: [number, number];
  /** The parameters across and up. */
  names: [string, string];
  colors: ViewColors;
}

export class LandscapeMap {
  private grid: LandscapeGrid | null = null;
  private bitmap: HTMLCanvasElement | null = null;
  private contours: Segment[][] = [];
  /** The grid's finite values, sorted (the colour ranks and the legend's ends). */
  sorted: Float64Array = new Float64Array(0);
  private readonly still = document.createElement('canvas');
  private stillKey = '';
  private gridCount = 0;

  get size(): number {
    return this.grid?.size ?? 0;
  }

  setGrid(grid: LandscapeGrid): void {
    this.grid = grid;
    this.gridCount++;
    const { size, values } = grid;
    this.sorted = Float64Array.from(values).filter(Number.isFinite).sort();
    const bitmap = this.bitmap ?? document.createElement('canvas');
    bitmap.width = size;
    bitmap.height = size;
    const ctx = bitmap.getContext('2d')!;
    const image = ctx.createImageData(size, size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const [red, green, blue] = rampColor(this.rank(values[r * size + c]));
        const k = ((size - 1 - r) * size + c) * 4;
        image.data[k] = red;
        image.data[k + 1] = green;
        image.data[k + 2] = blue;
        image.data[k + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    this.bitmap = bitmap;
    this.contours = contourLevels(values, CONTOURS).map((level) => contourSegments(values, size, level));
  }

  /** Copies the still part for `frame` onto `ctx` (a canvas prepared at width × height CSS pixels). */
  paint(ctx: CanvasRenderingContext2D, frame: MapFrame): void {
    const width = frame.plot + MARGIN.left + MARGIN.right;
    const height = frame.plot + MARGIN.top + MARGIN.bottom;
    const key = [this.gridCount, frame.plot, ...frame.rangeI, ...frame.rangeJ, ...frame.names, JSON.stringify(frame.colors)].join('|');
    if (key !== this.stillKey) {
      this.stillKey = key;
      const still = prepareCanvas(this.still, width, height);
      this.paintHeat(still, frame);
      this.paintAxes(still, frame);
    }
    ctx.drawImage(this.still, 0, 0, width, height);
  }

  private paintHeat(ctx: CanvasRenderingContext2D, frame: MapFrame): void {
    const { plot, rangeI, rangeJ, colors } = frame;
    const grid = this.grid;
    if (!grid || !this.bitmap) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, plot, plot);
    ctx.clip();
    // Pixel centres on the grid's points: the image reaches half a cell past the plot.
    const half = plot / (2 * (grid.size - 1));
    const sx = (v: number) => MARGIN.left + ((v - rangeI[0]) / (rangeI[1] - rangeI[0])) * plot;
    const sy = (v: number) => MARGIN.top + plot - ((v - rangeJ[0]) / (rangeJ[1] - rangeJ[0])) * plot;
    const x0 = sx(grid.rangeI[0]) - half;
    const x1 = sx(grid.rangeI[1]) + half;
    const y0 = sy(grid.rangeJ[1]) - half;
    const y1 = sy(grid.rangeJ[0]) + half;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.bitmap, x0, y0, x1 - x0, y1 - y0);
    ctx.strokeStyle = colors.strong ? colors.foreground : 'rgba(255, 255, 255, 0.6)';
    ctx.lineWidth = colors.strong ? 1.25 : 0.9;
    const cell = (x1 - x0 - 2 * half) / (grid.size - 1);
    const cellY = (y1 - y0 - 2 * half) / (grid.size - 1);
    ctx.beginPath();
    for (const segments of this.contours) {
      for (const [c0, r0, c1, r1] of segments) {
        ctx.moveTo(x0 + half + c0 * cell, y1 - half - r0 * cellY);
        ctx.lineTo(x0 + half + c1 * cell, y1 - half - r1 * cellY);
      }
    }
    ctx.stroke();
    ctx.restore();
  }

  private paintAxes(ctx: CanvasRenderingContext2D, frame: MapFrame): void {
    const { plot, rangeI, rangeJ, colors, names } = frame;
    ctx.fillStyle = colors.muted;
    ctx.font = `${colors.small}px ${colors.font}`;
    ctx.textBaseline = 'top';
    const bottom = MARGIN.top + plot + 4;
    for (const [k, align] of [
      [0, 'left'],
      [0.5, 'center'],
      [1, 'right'],
    ] as const) {
      ctx.textAlign = align;
      ctx.fillText(formatNumber(rangeI[0] + k * (rangeI[1] - rangeI[0])), MARGIN.left + k * plot, bottom);
    }
    ctx.fillStyle = colors.foreground;
    ctx.textAlign = 'center';
    ctx.fillText(names[0], MARGIN.left + plot / 2, bottom + colors.small + 3);
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'right';
    for (const [k, base] of [
      [0, 'bottom'],
      [0.5, 'middle'],
      [1, 'top'],
    ] as const) {
      ctx.textBaseline = base;
      ctx.fillText(formatNumber(rangeJ[0] + k * (rangeJ[1] - rangeJ[0])), MARGIN.left - 4, MARGIN.top + plot - k * plot);
    }
    ctx.save();
    ctx.translate(12, MARGIN.top + plot / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = colors.foreground;
    ctx.fillText(names[1], 0, 0);
    ctx.restore();
    ctx.strokeStyle = colors.strong ? colors.foreground : colors.lines;
    ctx.lineWidth = 1;
    ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, plot - 1, plot - 1);
  }

  /** Where `v` ranks among the grid's values, 0 (lowest) to 1: the colours are evenly spread. */
  private rank(v: number): number {
    const s = this.sorted;
    if (!Number.isFinite(v) || s.length < 2) return 1;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo / (s.length - 1);
  }
}
