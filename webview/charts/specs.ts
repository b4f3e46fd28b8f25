// Vega-Lite specs of the playground's charts. On screen the fit chart's Vega view is the data (axes,
// grid, points; redrawn only when the data changes) on fixed scales; the model's curve, its parts and
// the title are drawn over it on those scales (model-layer.ts). Export draws them all as Vega layers.
import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from './theme';
import { isHighContrast, vegaConfig } from './theme';

export const FIT_PADDING = { left: 56, right: 16, top: 36, bottom: 42 };
export const LOSS_PADDING = { left: 56, right: 16, top: 10, bottom: 38 };

/** The plot area's width in a chart `width` px wide: what the padding leaves, 100 px at least. */
export function plotWidth(width: number, padding: { left: number; right: number }): number {
  return Math.max(100, Math.floor(width) - padding.left - padding.right);
}

export interface FitFrame {
  width: number;
  height: number;
  xDomain: [number, number];
  yDomain: [number, number];
  theme: ChartTheme;
}

/** Names of the fit chart's data sets (the scatter view's points are updated through it, never re-embedded for a drag). */
export const FIT_DATA = { points: 'points', curve: 'curve', parts: 'parts' } as const;

/** The x and y domains are signals: new data moves the scatter's scales without a re-embed. */
export const DOMAIN_SIGNALS = { x: 'fitXDomain', y: 'fitYDomain' } as const;

const scale = (axis: 'x' | 'y') => ({ domain: { expr: DOMAIN_SIGNALS[axis] }, nice: false, zero: false });

/** The domain signals' starting values (the view then changes them with view.signal). */
function domainParams(frame: FitFrame) {
  return [
    { name: DOMAIN_SIGNALS.x, value: frame.xDomain },
    { name: DOMAIN_SIGNALS.y, value: frame.yDomain },
  ];
}

function base(frame: FitFrame) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: frame.width,
    height: frame.height,
    autosize: { type: 'none' as const },
    padding: FIT_PADDING,
    config: vegaConfig(frame.theme),
  };
}

/** Where a data point is drawn: in the y range, or clamped to its top or bottom edge (a triangle pointing out). */
export type PointEdge = 'inside' | 'above' | 'below';

function pointsLayer(frame: FitFrame, axes: boolean) {
  const hc = isHighContrast(frame.theme);
  return {
    data: { name: FIT_DATA.points },
    mark: { type: 'point' as const, filled: true, size: 34, opacity: hc ? 1 : 0.85, color: frame.theme.points, clip: false },
    encoding: {
      shape: {
        field: 'edge',
        type: 'nominal' as const,
        scale: { domain: ['inside', 'above', 'below'], range: ['circle', 'triangle-up', 'triangle-down'] },
        legend: null,
      },
      tooltip: axes
        ? [
            { field: 'x', type: 'quantitative' as const, format: '.4~f' },
            { field: 'value', title: 'y', type: 'quantitative' as const, format: '.4~f' },
          ]
        : null,
      x: {
        field: 'x',
        type: 'quantitative' as const,
        scale: scale('x'),
        axis: axes ? { title: 'x', grid: true, tickCount: Math.max(4, Math.round(frame.width / 70)) } : null,
      },
      y: {
        field: 'y',
        type: 'quantitative' as const,
        scale: scale('y'),
        axis: axes ? { title: 'y', grid: true, tickCount: Math.max(4, Math.round(frame.height / 45)) } : null,
      },
    },
  };
}

/**
 * The curve and its parts as layers over the scatter (an export). They leave the axes to the
 * scatter layer: an `axis: null` here would remove the shared axes (Vega-Lite merges a layered
 * chart's axes). Their look is the screen's (model-layer.ts).
 */
function curveLayers(frame: FitFrame) {
  const hc = isHighContrast(frame.theme);
  const x = { field: 'x', type: 'quantitative' as const, scale: scale('x') };
  const y = { field: 'y', type: 'quantitative' as const, scale: scale('y') };
  return [
    {
      data: { name: FIT_DATA.parts },
      mark: {
        type: 'line' as const,
        clip: true,
        strokeWidth: hc ? 1.5 : 1.25,
        opacity: hc ? 0.9 : 0.55,
        strokeDash: [5, 3],
        color: frame.theme.parts,
      },
      encoding: { x, y, detail: { field: 'part', type: 'nominal' as const } },
    },
    {
      data: { name: FIT_DATA.curve },
      mark: { type: 'line' as const, clip: true, strokeWidth: hc ? 3 : 2.5, color: frame.theme.curve },
      encoding: { x, y },
    },
  ];
}

/** The data view: axes, grid and the scatter. */
export function scatterSpec(frame: FitFrame): TopLevelSpec {
  return { ...base(frame), params: domainParams(frame), ...pointsLayer(frame, true) } as TopLevelSpec;
}

/** Both views as one chart, for saving as PNG or SVG (with the theme's background). */
export function exportSpec(frame: FitFrame, title: string, data: { points: object[]; curve: object[]; parts: object[] }): TopLevelSpec {
  const layers = [pointsLayer(frame, true), ...curveLayers(frame)].map((layer) => ({
    ...layer,
    data: { values: data[layer.data.name as keyof typeof data] },
  }));
  return {
    ...base(frame),
    config: { ...vegaConfig(frame.theme), background: frame.theme.background },
    params: domainParams(frame),
    title: { text: title },
    layer: layers,
  } as TopLevelSpec;
}

export interface LossFrame {
  width: number;
  height: number;
  theme: ChartTheme;
  lossLabel: string;
  logScale: boolean;
}

export const LOSS_DATA = 'loss';

export function lossSpec(frame: LossFrame): TopLevelSpec {
  const hc = isHighContrast(frame.theme);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: frame.width,
    height: frame.height,
    autosize: { type: 'none' },
    padding: LOSS_PADDING,
    config: vegaConfig(frame.theme),
    data: { name: LOSS_DATA },
    mark: { type: 'line', color: frame.theme.loss, strokeWidth: hc ? 2.5 : 1.75, clip: true, tooltip: true },
    encoding: {
      x: {
        field: 'step',
        type: 'quantitative',
        scale: { zero: false, nice: false },
        axis: {
          title: 'step',
          tickMinStep: 1,
          tickCount: Math.max(3, Math.round(frame.width / 80)),
          labelExpr: "datum.value >= 10000 ? format(datum.value, '.3~s') : format(datum.value, 'd')",
        },
      },
      y: {
        field: 'loss',
        type: 'quantitative',
        scale: frame.logScale ? { type: 'log' } : { zero: true },
        axis: { title: frame.lossLabel, format: '~g' },
      },
    },
  } as TopLevelSpec;
}
