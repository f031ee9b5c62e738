// One VM's serial console in this window: the xterm.js Terminal, its fit addon and the stream to
// main, kept OUTSIDE React (cockpit's SerialState, STYLE.md #13) so switching tabs or VMs only
// moves the terminal's element in and out of the page; the screen and the stream live on.
// Output is written with term.write callbacks driving the acks (ackBatcher.ts); every (re)connect
// starts from a clean screen, because main replays its recent output on each attach.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import type { Unsubscribe } from '../../../shared/api';
import type { ConsoleConnection, OpenConsole } from '../api/consoleConnection';
import { CONSOLE_MAX_INPUT_BYTES } from '../../../shared/console';
import { AckBatcher } from './ackBatcher';
import { clipboardKeyHandler } from './clipboard';
import { TERMINAL_FONT, TERMINAL_FONT_SIZE, currentTheme, onThemeChange } from './terminalTheme';
import '@xterm/xterm/css/xterm.css';

export type SessionState = 'idle' | 'connecting' | 'open' | 'closed';

export interface SessionStatus {
  state: SessionState;
  /** Why the console closed (main's words), while closed. */
  reason: string | null;
  hasSelection: boolean;
  /**
   * Any output came on this connection (main's replay of its ring included). A running guest
   * with an empty ring prints nothing until a key is pressed, as on a real serial line.
   */
  hasOutput: boolean;
}

/** Main's reason when another window attached to the same console. */
export { CONSOLE_TAKEN_OVER as TAKEN_OVER } from '../../../shared/console';

declare global {
  interface Window {
    /** Defined only by bench/console.ts, to count the bytes xterm has processed. */
    __virtdeskConsoleStats?: { written: number };
  }
}

const encoder = new TextEncoder();

export class ConsoleSession {
  readonly term: Terminal;
  private readonly fitAddon = new FitAddon();
  /** The element xterm renders into; moved between containers as views mount and unmount. */
  private readonly screen = document.createElement('div');
  private readonly acks: AckBatcher;
  private readonly listeners = new Set<() => void>();
  private readonly offTheme: () => void;
  private status: SessionStatus = {
    state: 'idle',
    reason: null,
    hasSelection: false,
    hasOutput: false,
  };
  private conn: ConsoleConnection | null = null;
  private connOffs: Unsubscribe[] = [];
  /** Bumped per connection, so late callbacks of an earlier one are ignored. */
  private generation = 0;
  /** Input typed while connecting; main drops input that comes before 'opened'. */
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private container: HTMLElement | null = null;
  private observer: ResizeObserver | null = null;
  private fitFrame: number | null = null;
  private opened = false;
  /** The screen shows output (or a closing line) that a reconnect must clear. */
  private dirty = false;

  constructor(
    readonly hostId: string,
    readonly vmId: string,
    private readonly openConsole: OpenConsole,
  ) {
    this.screen.className = 'console-screen-host';
    this.term = new Terminal({
      fontFamily: TERMINAL_FONT,
      fontSize: TERMINAL_FONT_SIZE,
      scrollback: 5000,
      cursorBlink: true,
      theme: currentTheme(),
      rightClickSelectsWord: true,
    });
    this.term.loadAddon(this.fitAddon);
    this.term.attachCustomKeyEventHandler(clipboardKeyHandler(this.term));
    this.term.onData((text) => this.send(encoder.encode(text)));
    this.term.onBinary((text) => this.send(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)));
    this.term.onResize(({ cols, rows }) => {
      if (this.status.state === 'open') this.conn?.resize(cols, rows);
    });
    this.term.onSelectionChange(() => this.update({ hasSelection: this.term.hasSelection() }));
    this.offTheme = onThemeChange((theme) => (this.term.options.theme = theme));
    this.acks = new AckBatcher((bytes) => {
      if (this.status.state !== 'open' || !this.conn) return false;
      this.conn.ack(bytes);
      return true;
    });
  }

  getStatus = (): SessionStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get attached(): boolean {
    return this.container !== null;
  }

  /** Shows the terminal in `container` (opening xterm the first time) and keeps it fitted. */
  attach(container: HTMLElement, name: string): void {
    if (this.screen.parentElement !== container) container.appendChild(this.screen);
    this.container = container;
    if (!this.opened) {
      this.term.open(this.screen);
      this.opened = true;
    }
    this.setName(name);
    this.observer?.disconnect();
    this.observer = new ResizeObserver(() => this.scheduleFit());
    this.observer.observe(container);
    this.fit();
    void document.fonts.ready.then(() => this.fit());
  }

  detach(container: HTMLElement): void {
    if (this.container !== container) return;
    this.observer?.disconnect();
    this.observer = null;
    if (this.fitFrame !== null) cancelAnimationFrame(this.fitFrame);
    this.fitFrame = null;
    this.screen.remove();
    this.container = null;
  }

  setName(name: string): void {
    this.term.textarea?.setAttribute('aria-label', `Serial console of ${name}`);
  }

  /** Opens the stream, from a clean screen; main's replay restores the recent output. */
  connect(): void {
    if (this.status.state === 'connecting' || this.status.state === 'open') return;
    const gen = ++this.generation;
    this.acks.reset();
    this.held = [];
    this.heldBytes = 0;
    if (this.dirty) this.term.reset();
    this.dirty = false;
    const conn = this.openConsole({
      hostId: this.hostId,
      vmId: this.vmId,
      cols: this.term.cols,
      rows: this.term.rows,
    });
    this.conn = conn;
    this.update({ state: 'connecting', reason: null, hasOutput: false });
    this.connOffs = [
      conn.onData((bytes) => this.output(bytes, gen)),
      conn.onState((state, reason) => {
        if (gen !== this.generation) return;
        if (state === 'open') this.onOpen();
        else if (state === 'closed') this.onClosed(reason ?? 'closed');
      }),
    ];
  }

  /** Bytes for the guest, as if typed (the Send key menu). */
  send(bytes: Uint8Array): void {
    const state = this.status.state;
    if (state === 'open' && this.conn) {
      for (let at = 0; at < bytes.length; at += CONSOLE_MAX_INPUT_BYTES) {
        this.conn.write(bytes.subarray(at, at + CONSOLE_MAX_INPUT_BYTES));
      }
    } else if (state === 'connecting' && this.heldBytes + bytes.length <= CONSOLE_MAX_INPUT_BYTES) {
      this.held.push(bytes);
      this.heldBytes += bytes.length;
    }
  }

  focus(): void {
    this.term.focus();
  }

  getSelection(): string {
    return this.term.getSelection();
  }

  dispose(): void {
    this.generation++;
    this.dropConnection();
    if (this.container) this.detach(this.container);
    this.offTheme();
    this.listeners.clear();
    this.term.dispose();
  }

  private output(bytes: Uint8Array, gen: number): void {
    if (gen !== this.generation) return;
    this.dirty = true;
    const n = bytes.byteLength;
    if (n > 0 && !this.status.hasOutput) this.update({ hasOutput: true });
    this.term.write(bytes, () => {
      const stats = window.__virtdeskConsoleStats;
      if (stats) stats.written += n;
      if (gen === this.generation) this.acks.written(n);
    });
  }

  private onOpen(): void {
    this.update({ state: 'open', reason: null });
    // Main ignored a resize sent before 'opened'; the size may have changed since the open.
    this.conn?.resize(this.term.cols, this.term.rows);
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const bytes of held) this.send(bytes);
    this.acks.flush();
  }

  private onClosed(reason: string): void {
    this.generation++;
    this.dropConnection();
    this.dirty = true;
    this.term.write(`\r\n\x1b[1m[virtdesk] Console closed: ${reason}\x1b[0m\r\n`);
    this.update({ state: 'closed', reason });
  }

  private dropConnection(): void {
    for (const off of this.connOffs) off();
    this.connOffs = [];
    const conn = this.conn;
    this.conn = null;
    this.acks.reset();
    conn?.close();
  }

  private scheduleFit(): void {
    this.fitFrame ??= requestAnimationFrame(() => {
      this.fitFrame = null;
      this.fit();
    });
  }

  private fit(): void {
    // A hidden container (display: none, zero size) proposes nothing; keep the old size.
    if (!this.container || this.container.clientWidth === 0) return;
    this.fitAddon.fit();
  }

  private update(patch: Partial<SessionStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}
