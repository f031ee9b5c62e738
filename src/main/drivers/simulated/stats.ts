// Usage figures for the simulated host's running VMs, one tick every STATS_INTERVAL_MS like a real host's
// bulk `virsh domstats` call. The numbers wander smoothly (a random walk per VM) so sparklines
// look alive; paused and booting guests behave like real ones (idle, or busy booting).
import { Listeners } from '../../../shared/listeners';
import type { StatsTick, Vm, VmStats } from '../../../shared/model';
import { STATS_INTERVAL_MS } from '../../../shared/model';
import type { Clock } from '../clock';

export class SimStats {
  private readonly cpu = new Map<string, number>();
  private readonly listeners = new Listeners<StatsTick>('stats');
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly activeVms: () => Iterable<Vm>,
    private readonly random: () => number = Math.random,
    /** The balloon's target for a VM, when it has one: the guest uses a share of that. */
    private readonly balloonKiB: (vmId: string) => number | undefined = () => undefined,
  ) {}

  onStats(listener: (tick: StatsTick) => void): () => void {
    const off = this.listeners.add(listener);
    if (this.timer === null) this.schedule();
    return () => {
      off();
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** One tick's figures; public so tests need not wait for the timer. */
  sample(): StatsTick {
    const vms: VmStats[] = [];
    const seen = new Set<string>();
    for (const vm of this.activeVms()) {
      seen.add(vm.id);
      const cpu = this.nextCpu(vm);
      const target = Math.min(vm.memoryKiB, this.balloonKiB(vm.id) ?? vm.memoryKiB);
      const used = vm.state === 'shutoff' ? null : Math.round(target * (0.35 + cpu / 400));
      vms.push({ vmId: vm.id, cpuPercent: Math.round(cpu * 10) / 10, memoryUsedKiB: used });
    }
    for (const id of [...this.cpu.keys()]) if (!seen.has(id)) this.cpu.delete(id);
    return { at: this.clock.now(), vms };
  }

  private nextCpu(vm: Vm): number {
    if (vm.state === 'paused') return 0;
    if (vm.guest === 'booting') return 85 + this.random() * 15;
    const prev = this.cpu.get(vm.id) ?? 5 + this.random() * 20;
    const next = Math.min(100, Math.max(0.5, prev + (this.random() - 0.5) * 12));
    this.cpu.set(vm.id, next);
    return next;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.listeners.size === 0) return;
      this.listeners.emit(this.sample());
      this.schedule();
    }, STATS_INTERVAL_MS);
  }
}
