// "Open in new window" for a VM's console or screen: shown only in the main window, and only where
// windows can be opened (not in a browser that cannot share the session). The view moves there.
import { getConnection } from '../../api';

export function OpenInWindowButton({
  standalone,
  what,
  url,
}: {
  /** Already in a window of its own. */
  standalone: boolean;
  /** 'console', 'screen': the tooltip's word. */
  what: string;
  /** The window's address, from `window.location`. */
  url(loc: Location): string;
}) {
  if (standalone || !getConnection().canOpenWindows) return null;
  return (
    <button
      type="button"
      className="btn"
      title={`Show this ${what} in a window of its own (it moves there)`}
      onClick={() => window.open(url(window.location), '_blank', 'noopener')}
    >
      Open in new window
    </button>
  );
}
