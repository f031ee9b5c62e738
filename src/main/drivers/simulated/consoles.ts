// The serial consoles of one simulated host: a guest OS per active VM and a hub in front of it
// that keeps the last output and serves one window at a time. The guest is paused for two
// independent reasons, flow control (the window stopped reading) and the VM being paused, and
// runs only when neither holds.
import type { Clock } from '../clock';
import { ConsoleHub, VM_STOPPED } from '../../console/consoleHub';
import type { ConsoleAttachment, ConsoleClient } from '../../console/consoleHub';
import { guestConsoleSource } from '../../console/guestSource';
import type { GuestSerialPort } from '../../console/guestSource';
import { DisplayHub } from '../../console/displayHub';
import { GuestConsole } from './guest/guestConsole';
import { rfbServerSession } from './screen/rfbServer';
import { TextScreen } from './screen/textScreen';
import type { GuestConsoleOptions, GuestConsoleState } from './guest/guestState';
import type { SimVm } from './simVm';

/** A guest that was running when virtdesk started: at its login prompt, nothing typed yet. */
function atLogin(hostname: string): GuestConsoleState {
  return {
    version: 1,
    phase: 'login',
    hostname,
    cwd: '/root',
    history: [],
    uptimeMs: 0,
    lastStatus: 0,
    lastLogin: null,
    cols: 80,
    rows: 24,
  };
}

interface Running {
  guest: GuestConsole;
  hub: ConsoleHub;
  /** The VGA text console: the same guest's output, as its screen shows it. */
  screen: TextScreen;
  holds: Set<'flow' | 'vm'>;
  /** The host's consoles it belongs to now: a migration hands it to another host's. */
  owner: SimConsoles;
}

/** A running guest console on its way to another host (live migration): opaque to the hosts. */
export type ConsoleHandoff = { readonly running: Running };

export interface SimConsolesOptions {
  clock: Clock;
  /** The guest ran `poweroff`: the VM should now be shut off. */
  onGuestPoweroff(vmId: string): void;
}

export class SimConsoles {
  private readonly running = new Map<string, Running>();
  private readonly displays = new DisplayHub();

  constructor(private readonly opts: SimConsolesOptions) {}

  /** Power-on: a fresh guest boots and prints its boot log into the hub. */
  powerOn(vm: SimVm): void {
    this.powerOff(vm.id);
    this.create(vm, null).guest.boot();
  }

  /** A VM that was already running when virtdesk started: its guest sits at the login prompt. */
  resumeRunning(vm: SimVm): void {
    if (vm.guest === 'booting') return this.powerOn(vm);
    const r = this.create(vm, 'login');
    if (vm.state === 'paused') this.hold(r, 'vm', true);
  }

  suspend(vmId: string, paused: boolean): void {
    const r = this.running.get(vmId);
    if (r) this.hold(r, 'vm', paused);
  }

  acpiShutdown(vmId: string): void {
    this.running.get(vmId)?.guest.shutdown();
  }

  acpiReboot(vmId: string): void {
    this.running.get(vmId)?.guest.reboot();
  }

  /** The VM is off (forced, or its shutdown completed): the window is told and the guest ends. */
  powerOff(vmId: string): void {
    const r = this.running.get(vmId);
    if (!r) return;
    this.running.delete(vmId);
    this.displays.closeVm(vmId, VM_STOPPED);
    r.guest.stop(VM_STOPPED);
    r.hub.close(VM_STOPPED);
  }

  /**
   * Shows the VM's screen in `client` over RFB (taking it over from any other window); null when
   * the VM is not running.
   */
  attachDisplay(
    vmId: string,
    name: string,
    client: ConsoleClient,
  ): Promise<ConsoleAttachment> | null {
    const r = this.running.get(vmId);
    if (!r) return null;
    return this.displays.attach(vmId, client, async () =>
      rfbServerSession({
        screen: r.screen,
        name,
        keys: (text) => r.guest.input(new TextEncoder().encode(text)),
        ctrlAltDel: () => r.guest.reboot(),
      }),
    );
  }

  attach(
    vmId: string,
    client: ConsoleClient,
    cols: number,
    rows: number,
  ): ConsoleAttachment | null {
    const r = this.running.get(vmId);
    if (!r) return null;
    const attachment = r.hub.attach(client);
    attachment.resize(cols, rows);
    return attachment;
  }

  /** What a memory snapshot keeps of the guest console (history, cwd, uptime); null when off. */
  snapshotState(vmId: string): GuestConsoleState | null {
    return this.running.get(vmId)?.guest.state() ?? null;
  }

  /** A reverted memory snapshot: the guest comes back as saved, in place of whatever ran. */
  restoreState(vm: SimVm, state: GuestConsoleState): void {
    this.powerOff(vm.id);
    const r = this.create(vm, state);
    if (vm.state === 'paused') this.hold(r, 'vm', true);
  }

  /** What the guest's foreground job dirties of its memory per second (stress-ng), 0 when idle. */
  workloadBytesPerSec(vmId: string): number {
    return this.running.get(vmId)?.guest.workloadBytesPerSec ?? 0;
  }

  /**
   * Takes the guest console away from this host without stopping it (a migration ended): the
   * window attached to it stays attached and the guest keeps its session.
   */
  release(vmId: string): ConsoleHandoff | null {
    const r = this.running.get(vmId);
    if (!r) return null;
    this.running.delete(vmId);
    // A screen's VNC connection ends with the source QEMU, as a real migration's does.
    this.displays.closeVm(vmId, 'VM migrated to another host');
    return { running: r };
  }

  /** The migrated guest console, now this host's; a paused VM's stays held. */
  adopt(vmId: string, handoff: ConsoleHandoff, paused: boolean): void {
    this.powerOff(vmId);
    const r = handoff.running;
    r.owner = this;
    this.running.set(vmId, r);
    this.hold(r, 'vm', paused);
  }

  closeAll(): void {
    this.displays.closeAll(VM_STOPPED);
    for (const vmId of [...this.running.keys()]) this.powerOff(vmId);
  }

  private create(vm: SimVm, restoredAt: 'login' | GuestConsoleState | null): Running {
    const facts = vm.view;
    const opts: GuestConsoleOptions = {
      vmName: facts.name,
      clock: this.opts.clock,
      memoryMiB: Math.max(64, Math.round(facts.memoryKiB / 1024)),
      vcpus: facts.vcpus,
      diskGiB: Math.max(1, Math.round((facts.disks[0]?.capacityBytes ?? 20 * 2 ** 30) / 2 ** 30)),
      startedAt: this.opts.clock.now(),
      onPoweroff: () => {
        // Only a poweroff typed in the guest needs the host to act; an ACPI shutdown already
        // has its own timer in the host. The host is the one the guest runs on now.
        if (r.owner.running.get(vm.id) === r) r.owner.opts.onGuestPoweroff(vm.id);
      },
    };
    const saved = restoredAt === 'login' ? atLogin(facts.name) : restoredAt;
    const guest = saved ? GuestConsole.restore(saved, opts) : new GuestConsole(opts);
    const holds = new Set<'flow' | 'vm'>();
    const port: GuestSerialPort = {
      onOutput: (l) => guest.onOutput(l),
      onStop: (l) => guest.onStop(l),
      input: (b) => guest.input(b),
      resize: (c, rows) => guest.resize(c, rows),
      pause: () => r.owner.hold(r, 'flow', true),
      resume: () => r.owner.hold(r, 'flow', false),
    };
    // The screen sees what the serial port prints, including what no window read; a guest that was
    // already up shows its prompt, as its VGA console would.
    const screen = new TextScreen();
    guest.onOutput((chunk) => screen.write(chunk));
    if (restoredAt !== null) screen.write(guest.greeting());
    const r: Running = {
      guest,
      hub: new ConsoleHub(guestConsoleSource(port)),
      screen,
      holds,
      owner: this,
    };
    this.running.set(vm.id, r);
    return r;
  }

  private hold(r: Running, why: 'flow' | 'vm', on: boolean): void {
    if (on) r.holds.add(why);
    else r.holds.delete(why);
    if (r.holds.size > 0) r.guest.pause();
    else r.guest.resume();
  }
}
