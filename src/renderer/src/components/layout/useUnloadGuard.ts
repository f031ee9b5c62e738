// Asks the browser to confirm closing or reloading the page while XML edits are unapplied; the
// in-app navigation has its own dialog (store/navigation.ts).
import { useEffect } from 'react';
import { hasUnsavedXml } from '../../store/navigation';

export function useUnloadGuard(): void {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      if (hasUnsavedXml()) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}
