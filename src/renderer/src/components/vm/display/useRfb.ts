// One VNC client (noVNC's RFB) on a VM's display stream, for as long as the view wants it: it
// connects when enabled (again when the VM restarts or the link comes back), and says how it is
// going. A display another window took over is left to it until the user asks again. noVNC is
// loaded on first use, like xterm: the tree should not wait for it.
import type RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'react';
import { CONSOLE_TAKEN_OVER } from '../../../../../shared/console';
import { getConnection } from '../../../api';
import { ByteChannel } from '../../../display/byteChannel';
import { useAppStore } from '../../../store/appStore';
import { splitVmKey } from '../../../store/keys';

export type RfbStatus =
  { state: 'connecting' } | { state: 'connected' } | { state: 'closed'; reason: string };

export function useRfb(
  vmKey: string,
  enabled: boolean,
  target: HTMLElement | null,
  scaled: boolean,
) {
  const [status, setStatus] = useState<RfbStatus>({ state: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const rfb = useRef<RFB | null>(null);
  const scaledNow = useRef(scaled);
  useEffect(() => {
    scaledNow.current = scaled;
    if (rfb.current) rfb.current.scaleViewport = scaled;
  }, [scaled]);
  const linkGeneration = useAppStore((s) => (s.link.state === 'open' ? s.link.generation : 0));
  const takenOver = status.state === 'closed' && status.reason === CONSOLE_TAKEN_OVER;
  const run = enabled && target !== null && linkGeneration !== 0 && !takenOver;

  useEffect(() => {
    if (!run || !target) return;
    let cancelled = false;
    let channel: ByteChannel | null = null;
    let client: RFB | null = null;
    void import('@novnc/novnc').then(({ default: Rfb }) => {
      if (cancelled) return;
      setStatus({ state: 'connecting' });
      const conn = getConnection().openDisplay(splitVmKey(vmKey));
      const ch = new ByteChannel(conn);
      channel = ch;
      client = new Rfb(target, ch, { shared: true });
      client.background = 'transparent';
      client.scaleViewport = scaledNow.current;
      client.addEventListener('connect', () => setStatus({ state: 'connected' }));
      client.addEventListener('disconnect', () =>
        setStatus({ state: 'closed', reason: ch.closeReason ?? 'closed' }),
      );
      client.addEventListener('securityfailure', () =>
        setStatus({ state: 'closed', reason: 'the VNC server refused the connection' }),
      );
      rfb.current = client;
    });
    return () => {
      cancelled = true;
      rfb.current = null;
      client?.disconnect();
      channel?.close();
    };
  }, [run, target, vmKey, attempt, linkGeneration]);

  return {
    status,
    rfb,
    reconnect: () => {
      setStatus({ state: 'connecting' });
      setAttempt((n) => n + 1);
    },
  };
}
