// Notices from main (e.g. a corrupt state file that was moved aside), as dismissible banners at the
// top. Errors are alerts; the rest are polite status messages.
import { useAppStore } from '../../store/appStore';
import { noticeDismiss } from '../../store/commands';
import { DismissibleBanner } from './Banner';

export function NoticeBanner() {
  const notices = useAppStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="banners">
      {notices.map((n) => (
        <DismissibleBanner
          key={n.id}
          level={n.level}
          role={n.level === 'error' ? 'alert' : 'status'}
          dismissLabel="Dismiss notice"
          onDismiss={() => void noticeDismiss(n.id)}
        >
          {n.message}
        </DismissibleBanner>
      ))}
    </div>
  );
}
