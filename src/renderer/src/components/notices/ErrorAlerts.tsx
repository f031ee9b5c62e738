// Errors from api calls (a refused action, a host that failed to list its VMs), each a
// dismissible alert above the detail pane.
import { useAppStore } from '../../store/appStore';

export function ErrorAlerts() {
  const errors = useAppStore((s) => s.errors);
  const dismissError = useAppStore((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="alerts">
      {errors.map((e) => (
        <div key={e.id} className="banner banner-error" role="alert">
          <span className="banner-icon" aria-hidden="true">
            ⚠
          </span>
          <span className="banner-text">{e.message}</span>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={() => dismissError(e.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
