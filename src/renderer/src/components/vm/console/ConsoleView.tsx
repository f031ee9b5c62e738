// A VM's serial console on screen: a toolbar (connection state, Reconnect, Send key, Copy, Open in
// new window) over the terminal. The terminal itself belongs to the VM's ConsoleSession, outside
// React; this view only lends it a container and mirrors its state.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Host, Vm } from '../../../../../shared/model';
import { copyText } from '../../../console/clipboard';
import type { ConsoleSession, SessionStatus } from '../../../console/consoleSession';
import { TAKEN_OVER } from '../../../console/consoleSession';
import { consoleSession } from '../../../console/consoleSessions';
import { CONSOLE_KEYS } from '../../../lib/consoleKeys';
import { consoleWindowUrl } from '../../../lib/consoleUrl';
import { useAppStore } from '../../../store/appStore';
import { MenuButton } from '../../common/MenuButton';
import { StartVmButton, VmActionButton, hasConsole } from './ConsoleTab';
import '../../common/fillView.css';
import { OpenInWindowButton } from '../OpenInWindowButton';

interface Props {
  vmKey: string;
  vm: Vm;
  host: Host | undefined;
  standalone: boolean;
}

export function statusText(status: SessionStatus): string {
  switch (status.state) {
    case 'open':
      return 'Connected';
    case 'closed': {
      const reason = status.reason ?? 'closed';
      // "Disconnected from virtdesk" (the link dropped) says it already.
      return reason.startsWith('Disconnected') ? reason : `Disconnected: ${reason}`;
    }
    default:
      return 'Connecting…';
  }
}

/**
 * Connects when there is something to connect to: on first show, when the VM (re)starts, and when
 * browser mode's link comes back. A console another window took over is left to that window
 * until the user presses Reconnect.
 */
function useAutoConnect(session: ConsoleSession, active: boolean): void {
  const linkGeneration = useAppStore((s) => (s.link.state === 'open' ? s.link.generation : 0));
  useEffect(() => {
    if (!active || linkGeneration === 0) return;
    const { state, reason } = session.getStatus();
    if (state === 'idle' || (state === 'closed' && reason !== TAKEN_OVER)) session.connect();
  }, [session, active, linkGeneration]);
}

export function ConsoleView({ vmKey, vm, host, standalone }: Props) {
  const [session] = useState(() => consoleSession(vmKey));
  const status = useSyncExternalStore(session.subscribe, session.getStatus);
  const screenRef = useRef<HTMLDivElement>(null);
  const active = hasConsole(vm.state);
  const linkOpen = useAppStore((s) => s.link.state === 'open');

  useEffect(() => {
    const el = screenRef.current;
    if (!el) return;
    session.attach(el, vm.name);
    return () => session.detach(el);
  }, [session, vm.name]);
  useAutoConnect(session, active);

  const open = status.state === 'open';
  const closed = status.state === 'closed';
  const sendKey = (label: string): void => {
    const key = CONSOLE_KEYS.find((k) => k.label === label);
    if (key) session.send(key.bytes);
    session.focus();
  };

  return (
    <section className="fill-view" aria-label="Serial console">
      <div className="console-bar" role="toolbar" aria-label="Console actions">
        <span
          className={`console-status console-status-${status.state}`}
          role="status"
          id={`vm-${vm.hostId}-${vm.id}-console-status`}
        >
          <span className="console-status-dot" aria-hidden="true" />
          {statusText(status)}
        </span>
        {!active && <StartVmButton vmKey={vmKey} vm={vm} host={host} />}
        {vm.state === 'paused' && (
          <span className="console-paused">
            <span role="note">VM is paused —</span>
            <VmActionButton vmKey={vmKey} vm={vm} host={host} action="resume" label="Resume" />
          </span>
        )}
        <button
          type="button"
          className="btn"
          disabled={!closed || !linkOpen}
          title={closed ? `Attach to ${vm.name}'s console again` : 'The console is connected'}
          onClick={() => session.connect()}
        >
          Reconnect
        </button>
        <MenuButton
          label="Send key"
          items={CONSOLE_KEYS.map((k) => ({ id: k.label, label: k.label }))}
          onSelect={sendKey}
          disabled={!open}
          title="Send a key combination the browser would keep for itself"
        />
        <button
          type="button"
          className="btn"
          disabled={!status.hasSelection}
          title="Copy the selection (Ctrl+Shift+C); paste with Ctrl+Shift+V"
          onClick={() => {
            void copyText(session.getSelection());
            session.focus();
          }}
        >
          Copy
        </button>
        <OpenInWindowButton
          standalone={standalone}
          what="console"
          url={(loc) => consoleWindowUrl(loc, vmKey)}
        />
      </div>
      <div className="console-screen" ref={screenRef}>
        {/* A guest that has been up a while has nothing to replay; without this the screen is
            just blank until a key is pressed. Gone at the first byte. */}
        {open && !status.hasOutput && vm.state === 'running' && (
          <p className="console-hint" role="note">
            No recent output — press Enter for a prompt
          </p>
        )}
      </div>
    </section>
  );
}
