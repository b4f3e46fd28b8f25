// Chart colours and fonts from the VS Code theme's CSS variables, so light, dark and high-contrast
// themes all read well; re-read when the theme changes. Every colour drawn as a graphic is opaque and
// has at least 3:1 contrast with the background (ui/contrast.ts), whatever the theme gives.
import type { Config } from 'vega-lite';
import { readableColor } from '../ui/contrast';

/** WCAG 2's least contrast for graphics (lines, marks, arrows) and for text. */
export const GRAPHIC_CONTRAST = 3;
export const TEXT_CONTRAST = 4.5;

export interface ChartTheme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  background: string;
  foreground: string;
  muted: string;
  lines: string;
  points: string;
  curve: string;
  parts: string;
  loss: string;
  /** Marks below the curve (the ledger's colouring of the fit chart). */
  red: string;
  font: string;
  fontSize: number;
}

const FALLBACK: ChartTheme = {
  kind: 'dark',
  background: '#1f1f1f',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  lines: '#808080',
  points: '#3794ff',
  curve: '#d18616',
  parts: '#b180d7',
  loss: '#89d185',
  red: '#f14c4c',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 13,
};

export function themeKind(body: HTMLElement): ChartTheme['kind'] {
  const classes = body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-light')) return 'light';
  return 'dark';
}

/**
 * The colour without its transparency: themes may give chart colours as translucent overlays
 * (rgba(…, 0.33) or #rrggbbaa), which would make a curve or a dot too faint to read.
 */
export function opaque(color: string): string {
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/i.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  const hex = /^#([0-9a-f]{6})[0-9a-f]{2}$/i.exec(color) ?? /^#([0-9a-f]{3})[0-9a-f]$/i.exec(color);
  return hex ? `#${hex[1]}` : color;
}

export function readTheme(root: HTMLElement = document.documentElement, body: HTMLElement = document.body): ChartTheme {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const kind = themeKind(body);
  const light = kind === 'light' || kind === 'high-contrast-light';
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', light ? '#3b3b3b' : FALLBACK.foreground));
  const background = v('--vscode-editor-background', light ? '#ffffff' : FALLBACK.background);
  const graphic = (name: string, fallback: string) => readableColor(opaque(v(name, fallback)), background, GRAPHIC_CONTRAST);
  const points = graphic('--vscode-charts-blue', light ? '#0063d3' : FALLBACK.points);
  const curve = graphic('--vscode-charts-orange', light ? '#d18616' : FALLBACK.curve);
  return {
    kind,
    background,
    foreground,
    muted: v('--vscode-descriptionForeground', light ? '#717171' : FALLBACK.muted),
    lines: v('--vscode-charts-lines', light ? '#8a8a8a' : FALLBACK.lines),
    points,
    curve,
    parts: graphic('--vscode-charts-purple', light ? '#652d90' : FALLBACK.parts),
    loss: graphic('--vscode-charts-green', light ? '#388a34' : FALLBACK.loss),
    red: graphic('--vscode-charts-red', light ? '#e51400' : FALLBACK.red),
    font: v('--vscode-font-family', FALLBACK.font),
    fontSize: Number.parseFloat(v('--vscode-font-size', '13')) || 13,
  };
}

/**
 * Gives the page's own CSS (app.css) the theme's colours made readable: `--nn-blue`, `--nn-orange`
 * and `--nn-red` for graphics (the gradient meter's arrows and bars, swatches, graph outlines; 3:1),
 * `--nn-green-text` and `--nn-warning` for text (4.5:1). Set on the root element; re-applied when
 * the theme changes.
 */
export function applyPageColors(theme: ChartTheme, root: HTMLElement = document.documentElement): void {
  const style = getComputedStyle(root);
  const text = (name: string, fallback: string) =>
    readableColor(opaque(style.getPropertyValue(name).trim() || fallback), theme.background, TEXT_CONTRAST);
  root.style.setProperty('--nn-blue', theme.points);
  root.style.setProperty('--nn-orange', theme.curve);
  root.style.setProperty('--nn-red', theme.red);
  root.style.setProperty('--nn-green-text', text('--vscode-charts-green', theme.loss));
  root.style.setProperty('--nn-warning', text('--vscode-editorWarning-foreground', '#cca700'));
}

export const isHighContrast = (theme: ChartTheme) => theme.kind === 'high-contrast' || theme.kind === 'high-contrast-light';

export function vegaConfig(theme: ChartTheme): Config {
  const hc = isHighContrast(theme);
  const small = Math.max(10, theme.fontSize - 2);
  return {
    background: 'transparent',
    font: theme.font,
    view: { stroke: null },
    axis: {
      domainColor: hc ? theme.foreground : theme.lines,
      tickColor: hc ? theme.foreground : theme.lines,
      gridColor: theme.lines,
      gridOpacity: hc ? 0.6 : 0.25,
      labelColor: theme.muted,
      titleColor: theme.foreground,
      labelFont: theme.font,
      titleFont: theme.font,
      labelFontSize: small,
      titleFontSize: small + 1,
      titleFontWeight: 'normal',
    },
    title: { color: theme.foreground, font: theme.font, fontSize: theme.fontSize + 1, fontWeight: 600, anchor: 'start', offset: 10 },
    text: { color: theme.foreground, font: theme.font },
  };
}
