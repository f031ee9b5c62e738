// The Display tab, loaded on first use (noVNC is loaded even later, when a screen connects).
import { lazyView } from '../../common/lazyView';

export const LazyDisplayTab = lazyView(
  () => import('./DisplayTab').then((m) => m.DisplayTab),
  'Loading the display…',
);
