// The Console tab, loaded on first use: xterm.js is about half the renderer's code, and the tree
// should not wait for it (bench/first-paint).
import type { ComponentProps } from 'react';
import { Suspense, lazy } from 'react';
import type { ConsoleTab as ConsoleTabType } from './ConsoleTab';

const ConsoleTab = lazy(() => import('./ConsoleTab').then((m) => ({ default: m.ConsoleTab })));

export function LazyConsoleTab(props: ComponentProps<typeof ConsoleTabType>) {
  return (
    <Suspense
      fallback={
        <p className="muted" role="status">
          Loading the console…
        </p>
      }
    >
      <ConsoleTab {...props} />
    </Suspense>
  );
}
