// Notices from main (e.g. a corrupt state file that was moved aside), as dismissible banners at the
// top. Errors are alerts; the rest are polite status messages.
import { useAppStore } from '../../store/appStore';
import { noticeDismiss } from '../../store/commands';

export function NoticeBanner() {
  const notices = useAppStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="banners">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`banner banner-${n.level}`}
          role={n.level === 'error' ? 'alert' : 'status'}
        >
          <span className="banner-icon" aria-hidden="true">
            {n.level === 'info' ? 'ℹ' : '⚠'}
          </span>
          <span className="banner-text">{n.message}</span>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-label="Dismiss notice"
            title="Dismiss"
            onClick={() => void noticeDismiss(n.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
