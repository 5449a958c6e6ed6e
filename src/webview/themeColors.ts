/// <reference lib="dom" />
/**
 * The panel's colours, read from the theme's CSS variables (VS Code sets them on the page and
 * changes them with the theme), and the sequential scale of the hotspot map mixed from two of them.
 */

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

export interface ThemeColors {
  readonly foreground: string;
  readonly muted: string;
  readonly background: string;
  readonly grid: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Series colours, in the order charts use them. */
  readonly series: readonly string[];
  /** The hotspot map's scale runs from `coolest` (few revisions) to `hottest` (the most). */
  readonly coolest: string;
  readonly hottest: string;
}

/** Used when a variable is missing (an old or partial theme); dark-theme defaults. */
const FALLBACK: Readonly<Record<string, string>> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-charts-lines': '#808080',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-font-family': 'sans-serif',
  '--vscode-font-size': '13px',
};

export function readThemeColors(element: Element = document.body): ThemeColors {
  const style = getComputedStyle(element);
  const read = (name: string): string => style.getPropertyValue(name).trim() || FALLBACK[name] || '';
  const background = read('--vscode-editor-background');
  return {
    foreground: read('--vscode-foreground'),
    muted: read('--vscode-descriptionForeground'),
    background,
    grid: read('--vscode-charts-lines'),
    fontFamily: read('--vscode-font-family'),
    fontSize: Number.parseFloat(read('--vscode-font-size')) || 13,
    series: ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red'].map(read),
    // The scale starts a little off the background so a tile with few revisions still shows.
    coolest: cssColor(mixColors(parseColor(background) ?? BLACK, parseColor(read('--vscode-charts-blue')) ?? BLACK, 0.35)),
    hottest: read('--vscode-charts-red'),
  };
}

const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(…)` or `rgba(…)`; undefined for anything else. */
export function parseColor(text: string): Rgba | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value);
  if (hex) {
    let digits = hex[1]!;
    if (digits.length <= 4) {
      digits = [...digits].map((digit) => digit + digit).join('');
    }
    const byte = (i: number): number => Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: digits.length === 8 ? round3(byte(3) / 255) : 1 };
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? Number.parseFloat(rgb[4]) / 100 : Number.parseFloat(rgb[4]);
    return { r: clampByte(Number(rgb[1])), g: clampByte(Number(rgb[2])), b: clampByte(Number(rgb[3])), a: Math.min(1, Math.max(0, alpha)) };
  }
  return undefined;
}

/** `from` at 0, `to` at 1, linear in sRGB. */
export function mixColors(from: Rgba, to: Rgba, t: number): Rgba {
  const k = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const mix = (a: number, b: number): number => a + (b - a) * k;
  return { r: Math.round(mix(from.r, to.r)), g: Math.round(mix(from.g, to.g)), b: Math.round(mix(from.b, to.b)), a: round3(mix(from.a, to.a)) };
}

export function cssColor(color: Rgba): string {
  return color.a === 1 ? `rgb(${color.r}, ${color.g}, ${color.b})` : `rgba(${color.r}, ${color.g}, ${color.b}, ${color.a})`;
}

/**
 * The colour of a value on the sequential scale from `coolest` (0) to `hottest` (`max`). The square
 * root spreads the many files with few revisions apart from each other; a few files take most changes.
 */
export function scaleColor(value: number, max: number, coolest: string, hottest: string): string {
  const from = parseColor(coolest);
  const to = parseColor(hottest);
  if (from === undefined || to === undefined) {
    return hottest;
  }
  const t = max > 0 ? Math.sqrt(Math.max(0, value) / max) : 0;
  return cssColor(mixColors(from, to, t));
}

/** Black or white, whichever reads better on the background (WCAG relative luminance). */
export function readableOn(background: string): string {
  const color = parseColor(background);
  if (color === undefined) {
    return '#ffffff';
  }
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b);
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
