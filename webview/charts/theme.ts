// Chart colours and fonts from the VS Code theme's CSS variables, so light, dark and high-contrast
// themes all read well; re-read when the theme changes.
import type { Config } from 'vega-lite';

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
  return {
    kind,
    background: v('--vscode-editor-background', light ? '#ffffff' : FALLBACK.background),
    foreground,
    muted: v('--vscode-descriptionForeground', light ? '#717171' : FALLBACK.muted),
    lines: v('--vscode-charts-lines', light ? '#8a8a8a' : FALLBACK.lines),
    points: opaque(v('--vscode-charts-blue', light ? '#1a85ff' : FALLBACK.points)),
    curve: opaque(v('--vscode-charts-orange', light ? '#d18616' : FALLBACK.curve)),
    parts: opaque(v('--vscode-charts-purple', light ? '#652d90' : FALLBACK.parts)),
    loss: opaque(v('--vscode-charts-green', light ? '#388a34' : FALLBACK.loss)),
    font: v('--vscode-font-family', FALLBACK.font),
    fontSize: Number.parseFloat(v('--vscode-font-size', '13')) || 13,
  };
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
