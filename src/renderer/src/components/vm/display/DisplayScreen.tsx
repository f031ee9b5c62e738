// A VM's screen on a canvas (noVNC draws into the element it is given), with its toolbar: the
// connection state, Reconnect, scale to fit or 1:1, full screen, Send key, Type text, and Open in
// new window.
import { useState } from 'react';
import type { Vm } from '../../../../../shared/model';
import { DISPLAY_KEYS, keysymOf } from '../../../lib/displayKeys';
import { displayWindowUrl } from '../../../lib/consoleUrl';
import { useAppStore } from '../../../store/appStore';
import { MenuButton } from '../../common/MenuButton';
import type { RfbStatus } from './useRfb';
import { useRfb } from './useRfb';
import { OpenInWindowButton } from '../OpenInWindowButton';

function statusText(status: RfbStatus): string {
  if (status.state === 'connected') return 'Connected';
  if (status.state === 'connecting') return 'Connecting…';
  return status.reason.startsWith('Disconnected')
    ? status.reason
    : `Disconnected: ${status.reason}`;
}

interface Props {
  vmKey: string;
  vm: Vm;
  standalone: boolean;
}

export function DisplayScreen({ vmKey, vm, standalone }: Props) {
  const [target, setTarget] = useState<HTMLDivElement | null>(null);
  const [frame, setFrame] = useState<HTMLDivElement | null>(null);
  const [scaled, setScaled] = useState(true);
  const [text, setText] = useState('');
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const { status, rfb, reconnect } = useRfb(vmKey, true, target, scaled);
  const connected = status.state === 'connected';

  const sendKey = (label: string): void => {
    const key = DISPLAY_KEYS.find((k) => k.label === label);
    const client = rfb.current;
    if (!key || !client) return;
    for (const sym of key.keysyms) client.sendKey(sym, null, true);
    for (const sym of [...key.keysyms].reverse()) client.sendKey(sym, null, false);
    client.focus();
  };
  const typeText = (): void => {
    const client = rfb.current;
    if (!client) return;
    for (const ch of text) {
      const sym = keysymOf(ch);
      if (sym !== null) client.sendKey(sym, null);
    }
    setText('');
    client.focus();
  };

  return (
    <section className="fill-view" aria-label="Display">
      <div className="console-bar" role="toolbar" aria-label="Display actions">
        <span
          className={`console-status console-status-${connected ? 'open' : status.state}`}
          role="status"
          id={`vm-${vm.hostId}-${vm.id}-display-status`}
        >
          <span className="console-status-dot" aria-hidden="true" />
          {statusText(status)}
        </span>
        <button
          type="button"
          className="btn"
          disabled={status.state !== 'closed' || !linkOpen}
          title={`Connect to ${vm.name}'s screen again`}
          onClick={reconnect}
        >
          Reconnect
        </button>
        <button
          type="button"
          className="btn"
          aria-pressed={scaled}
          title={scaled ? 'Show the screen pixel for pixel (1:1)' : 'Scale the screen to fit'}
          onClick={() => setScaled((s) => !s)}
        >
          Scale to fit
        </button>
        <button
          type="button"
          className="btn"
          disabled={!frame}
          title="Show the screen on the whole monitor (Escape leaves)"
          onClick={() => void frame?.requestFullscreen().then(() => rfb.current?.focus())}
        >
          Full screen
        </button>
        <MenuButton
          label="Send key"
          items={DISPLAY_KEYS.map((k) => ({ id: k.label, label: k.label }))}
          onSelect={sendKey}
          disabled={!connected}
          title="Send a key combination the browser would keep for itself"
        />
        <form
          className="display-type"
          onSubmit={(e) => {
            e.preventDefault();
            typeText();
          }}
        >
          <input
            type="text"
            aria-label="Text to type"
            placeholder="Text to type (clipboard)…"
            value={text}
            disabled={!connected}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn" disabled={!connected || text === ''}>
            Type text
          </button>
        </form>
        <OpenInWindowButton
          standalone={standalone}
          what="screen"
          url={(loc) => displayWindowUrl(loc, vmKey)}
        />
      </div>
      <div
        className={`display-frame${scaled ? '' : ' display-frame-1to1'}`}
        ref={setFrame}
        tabIndex={0}
        aria-label={`Screen of ${vm.name}`}
        onFocus={(e) => {
          if (e.target === e.currentTarget) rfb.current?.focus();
        }}
      >
        <div className="display-target" ref={setTarget} />
      </div>
    </section>
  );
}
