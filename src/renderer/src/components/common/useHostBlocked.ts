// Why a host's buttons are off before anything about the button itself: the link to main is lost,
// or the host is not connected. The one wording for every host view and the host's toolbar.
import type { Host } from '../../../../shared/model';
import { LINK_LOST } from '../../api/consoleConnection';
import { connectionWord } from '../../lib/format';
import { useAppStore } from '../../store/appStore';

export function useHostBlocked(host: Pick<Host, 'name' | 'connection'>): string | null {
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  if (!linkOpen) return LINK_LOST;
  if (host.connection !== 'connected')
    return `${host.name} is ${connectionWord(host.connection).toLowerCase()}`;
  return null;
}
