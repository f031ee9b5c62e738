// Shown while browser mode has lost its WebSocket: says so, counts down to the next automatic
// attempt and offers to reconnect now.
import { useEffect, useState } from 'react';
import { getConnection } from '../../api';
import { useAppStore } from '../../store/appStore';

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function LinkBanner() {
  const link = useAppStore((s) => s.link);
  const seconds = useSecondsUntil(link.state === 'closed' ? link.retryAt : null);

  if (link.state === 'open') return null;
  if (link.state === 'connecting' && link.attempt === 0) return null;

  return (
    <div className="banner banner-error" role="alert">
      <span className="banner-text">
        Disconnected from virtdesk
        {link.state === 'connecting'
          ? ' — reconnecting…'
          : seconds !== null && seconds > 0
            ? ` — retrying in ${seconds} s`
            : ''}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={link.state === 'connecting'}
        onClick={() => getConnection().reconnect()}
      >
        Reconnect
      </button>
    </div>
  );
}
