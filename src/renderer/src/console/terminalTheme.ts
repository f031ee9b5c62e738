// xterm.js colours and font for the serial console, matching the app's light and dark palettes
// (styles/base.css). The ANSI colours are picked to stay readable on each background: xterm's
// defaults assume black, where yellow and white text vanish on a light one.
import type { ITheme } from '@xterm/xterm';

export const TERMINAL_FONT =
  "'DejaVu Sans Mono', 'Ubuntu Mono', 'Liberation Mono', Menlo, Consolas, monospace";
export const TERMINAL_FONT_SIZE = 13;

const LIGHT: ITheme = {
  background: '#fbfcfd',
  foreground: '#1d2330',
  cursor: '#2f6fd6',
  cursorAccent: '#fbfcfd',
  selectionBackground: 'rgba(47, 111, 214, 0.28)',
  black: '#1d2330',
  red: '#c4302b',
  green: '#1f7a33',
  yellow: '#8a5a00',
  blue: '#2456b8',
  magenta: '#8e3bb0',
  cyan: '#0f7285',
  white: '#6b7585',
  brightBlack: '#5c6677',
  brightRed: '#d93025',
  brightGreen: '#2e9e44',
  brightYellow: '#a36b00',
  brightBlue: '#2f6fd6',
  brightMagenta: '#a24bc7',
  brightCyan: '#13879c',
  brightWhite: '#8a93a3',
};

const DARK: ITheme = {
  background: '#1c2128',
  foreground: '#d9dee5',
  cursor: '#6aa6ff',
  cursorAccent: '#1c2128',
  selectionBackground: 'rgba(76, 141, 240, 0.4)',
  black: '#2d333b',
  red: '#f2706a',
  green: '#4cc264',
  yellow: '#e8b62c',
  blue: '#6aa6ff',
  magenta: '#c297f0',
  cyan: '#5ec4d4',
  white: '#c9d1d9',
  brightBlack: '#7d8796',
  brightRed: '#ff8b85',
  brightGreen: '#6fdc85',
  brightYellow: '#f5cd5b',
  brightBlue: '#8fbcff',
  brightMagenta: '#d7b5f7',
  brightCyan: '#84d9e6',
  brightWhite: '#f0f3f6',
};

const darkQuery = (): MediaQueryList | null =>
  typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;

export function currentTheme(): ITheme {
  return darkQuery()?.matches ? DARK : LIGHT;
}

/** Calls `listener` with the new theme whenever the system switches light/dark. */
export function onThemeChange(listener: (theme: ITheme) => void): () => void {
  const query = darkQuery();
  if (!query) return () => undefined;
  const handler = (): void => listener(currentTheme());
  query.addEventListener('change', handler);
  return () => query.removeEventListener('change', handler);
}
