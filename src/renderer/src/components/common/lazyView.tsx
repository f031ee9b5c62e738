// A view whose code is loaded on first use, saying so while it arrives: the Console and Display
// tabs, so the tree does not wait for xterm.js or the display adapter (bench/first-paint).
import type { ComponentType } from 'react';
import { Suspense, lazy } from 'react';

/** `load` imports the view's module (a dynamic import, so it becomes a chunk of its own). */
export function lazyView<P extends object>(
  load: () => Promise<ComponentType<P>>,
  loading: string,
): ComponentType<P> {
  const View = lazy(() => load().then((view) => ({ default: view })));
  function LazyView(props: P) {
    return (
      <Suspense
        fallback={
          <p className="muted" role="status">
            {loading}
          </p>
        }
      >
        <View {...props} />
      </Suspense>
    );
  }
  return LazyView;
}
