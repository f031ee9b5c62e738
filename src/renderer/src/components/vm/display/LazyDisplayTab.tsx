// The Display tab, loaded on first use (noVNC is loaded even later, when a screen connects).
import type { ComponentProps } from 'react';
import { Suspense, lazy } from 'react';
import type { DisplayTab as DisplayTabType } from './DisplayTab';

const DisplayTab = lazy(() => import('./DisplayTab').then((m) => ({ default: m.DisplayTab })));

export function LazyDisplayTab(props: ComponentProps<typeof DisplayTabType>) {
  return (
    <Suspense
      fallback={
        <p className="muted" role="status">
          Loading the display…
        </p>
      }
    >
      <DisplayTab {...props} />
    </Suspense>
  );
}
