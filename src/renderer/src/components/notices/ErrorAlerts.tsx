// Errors from api calls (a refused action, a host that failed to list its VMs), each a
// dismissible alert above the detail pane.
import { useAppStore } from '../../store/appStore';
import { DismissibleBanner } from './Banner';

export function ErrorAlerts() {
  const errors = useAppStore((s) => s.errors);
  const dismissError = useAppStore((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="alerts">
      {errors.map((e) => (
        <DismissibleBanner
          key={e.id}
          level="error"
          role="alert"
          dismissLabel="Dismiss"
          onDismiss={() => dismissError(e.id)}
        >
          {e.message}
        </DismissibleBanner>
      ))}
    </div>
  );
}
