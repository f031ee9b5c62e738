// The Console tab, loaded on first use: xterm.js is about half the renderer's code, and the tree
// should not wait for it (bench/first-paint).
import { lazyView } from '../../common/lazyView';

export const LazyConsoleTab = lazyView(
  () => import('./ConsoleTab').then((m) => m.ConsoleTab),
  'Loading the console…',
);
