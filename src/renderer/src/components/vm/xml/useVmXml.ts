// Loads a VM's XML (vmGetXml) when the tab opens and on reload(). A reload keeps showing what is
// there until the new text arrives; only the first load (or a retry after an error) shows Loading.
import { useCallback, useEffect, useState } from 'react';
import type { DomainXml } from '../../../../../shared/api';
import { errorMessage } from '../../../lib/errorText';
import { loadVmXml } from '../../../store/xmlCommands';

export type XmlLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: DomainXml };

export function useVmXml(vmKey: string): {
  load: XmlLoad;
  reload(): void;
  /** Shows this text as loaded (e.g. just defined) until the next load answers. */
  replace(value: DomainXml): void;
} {
  const [load, setLoad] = useState<XmlLoad>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    loadVmXml(vmKey).then(
      (value) => {
        if (current) setLoad({ status: 'ready', value });
      },
      (e: unknown) => {
        if (!current) return;
        // A failed refresh keeps the text on screen; only a failed first load says so instead.
        setLoad((prev) =>
          prev.status === 'ready' ? prev : { status: 'error', message: errorMessage(e) },
        );
      },
    );
    return () => {
      current = false;
    };
  }, [vmKey, generation]);

  const reload = useCallback(() => {
    setLoad((prev) => (prev.status === 'error' ? { status: 'loading' } : prev));
    setGeneration((g) => g + 1);
  }, []);
  const replace = useCallback((value: DomainXml) => setLoad({ status: 'ready', value }), []);
  return { load, reload, replace };
}
