// `virsh domstats --raw` for every domain of a host in one call: with --cpu-total --balloon
// --state, the numbers the UI shows from two of them (the 3 s ticker lives in stats.ts); with
// --state --block, each domain's state and disk capacities for the inventory. Pure.
//   Domain: 'vd-tiny'
//     state.state=1
//     cpu.time=2414374000          (ns of CPU used by the guest since it started)
//     balloon.current=262144       (KiB the guest has)
//     balloon.unused=180000        (KiB the guest reports free; needs <stats period>)
//     balloon.rss=244484           (KiB the QEMU process holds)
//     block.count=1
//     block.0.name=vda             (the target; shut-off domains report capacity too, an empty
//     block.0.capacity=67108864     drive or a missing file reports none)
import type { VmState, VmStats } from '../../../shared/model';
import { VM_STATES } from '../../../shared/model';

export type DomstatsBlock = Map<string, string>;

/**
 * Blocks keyed by domain NAME, which is what domstats prints (one name per line, unescaped). A
 * line is `Domain: '<name>'` or an indented `key=value`; anything else is skipped. Read with
 * indexOf, not a regexp and a split per line: a stats tick of 1,000 domains is 9,000 lines, and
 * the arrays those built were most of what the tick left to the garbage collector.
 */
export function parseDomstats(text: string): Map<string, DomstatsBlock> {
  const out = new Map<string, DomstatsBlock>();
  let current: DomstatsBlock | null = null;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    const head = domainName(text, start, stop);
    if (head !== null) {
      current = new Map();
      out.set(head, current);
    } else if (current) keyValue(text, start, stop, current);
    start = end + 1;
  }
  return out;
}

const CR = 13;
const HEAD = "Domain: '";

/** The name in `Domain: '<name>'` between start and stop, else null. */
function domainName(text: string, start: number, stop: number): string | null {
  if (stop - start < HEAD.length + 1 || !text.startsWith(HEAD, start)) return null;
  if (text.charCodeAt(stop - 1) !== 0x27) return null;
  return text.slice(start + HEAD.length, stop - 1);
}

/** An indented `key=value` line (key of [A-Za-z0-9_.-]) into `block`; other lines are skipped. */
function keyValue(text: string, start: number, stop: number, block: DomstatsBlock): void {
  let i = start;
  while (i < stop && isSpace(text.charCodeAt(i))) i++;
  if (i === start) return;
  const keyStart = i;
  while (i < stop && isKeyChar(text.charCodeAt(i))) i++;
  if (i === keyStart || i >= stop || text.charCodeAt(i) !== 0x3d) return;
  block.set(text.slice(keyStart, i), text.slice(i + 1, stop));
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0;
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || // 0-9
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2d // -
  );
}

/** virDomainState numbers for which cpu.* describes the guest (TESTBED.md: for a shut-off
 * domain cpu.time is libvirtd's own CPU time). */
const CPU_STATES = new Set([1, 2, 3, 4, 7]);

export interface CpuSample {
  /** ms, local clock, when the reply arrived. */
  at: number;
  cpuTimeNs: number;
}

function num(block: DomstatsBlock, key: string): number | null {
  const v = block.get(key);
  if (v === undefined || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/**
 * virDomainState by number: 0 (no state) is what libvirt reports while it cannot tell (the
 * domain exists and is active), 1 to 7 are VM_STATES in order.
 */
const STATES: readonly VmState[] = ['running', ...VM_STATES];

/** The domain's state, or null when the block has none (or one this code does not know). */
export function domstatsState(block: DomstatsBlock): VmState | null {
  const n = num(block, 'state.state');
  return n === null ? null : (STATES[n] ?? null);
}

/** Disk capacities in bytes by target (vda…); disks that report none are left out. */
export function domstatsCapacities(block: DomstatsBlock): Map<string, number> {
  const out = new Map<string, number>();
  const count = num(block, 'block.count') ?? 0;
  for (let i = 0; i < count; i++) {
    const target = block.get(`block.${i}.name`);
    const capacity = num(block, `block.${i}.capacity`);
    if (target && capacity !== null) out.set(target, capacity);
  }
  return out;
}

/** Guest CPU time from a block, or null when the domain is not running (or did not say). */
export function cpuSample(block: DomstatsBlock, at: number): CpuSample | null {
  const state = num(block, 'state.state');
  const cpu = num(block, 'cpu.time');
  if (state === null || !CPU_STATES.has(state) || cpu === null) return null;
  return { at, cpuTimeNs: cpu };
}

/**
 * Share of all vCPUs busy between two samples, 0–100. A counter that went backwards (the guest
 * restarted between samples) or no previous sample gives 0 rather than a spike.
 */
export function cpuPercent(prev: CpuSample | null, cur: CpuSample | null, vcpus: number): number {
  if (!prev || !cur || vcpus < 1) return 0;
  const wallNs = (cur.at - prev.at) * 1e6;
  const used = cur.cpuTimeNs - prev.cpuTimeNs;
  if (wallNs <= 0 || used < 0) return 0;
  const pct = (used / (wallNs * vcpus)) * 100;
  return Math.min(100, Math.round(pct * 10) / 10);
}

/** KiB the guest uses: what the balloon gave it minus what it reports unused, else QEMU's RSS. */
export function memoryUsedKiB(block: DomstatsBlock): number | null {
  const state = num(block, 'state.state');
  if (state === null || !CPU_STATES.has(state)) return null;
  const current = num(block, 'balloon.current');
  const unused = num(block, 'balloon.unused');
  if (current !== null && unused !== null && unused <= current) return current - unused;
  const rss = num(block, 'balloon.rss');
  if (rss === null) return null;
  return current === null ? rss : Math.min(rss, current);
}

/** A domain's id and vCPU count by its name (a Map, or the inventory looked up in place). */
export type DomainLookup = Pick<ReadonlyMap<string, { id: string; vcpus: number }>, 'get'>;

/**
 * Turns one domstats reply into stats for the ACTIVE domains (as HypervisorDriver.onStats
 * promises), given the previous CPU samples (updated in place).
 */
export function statsFromDomstats(
  blocks: ReadonlyMap<string, DomstatsBlock>,
  at: number,
  domains: DomainLookup,
  samples: Map<string, CpuSample>,
): VmStats[] {
  const out: VmStats[] = [];
  const seen = new Set<string>();
  for (const [name, block] of blocks) {
    const vm = domains.get(name);
    const state = num(block, 'state.state');
    if (!vm || state === null || !CPU_STATES.has(state)) continue;
    seen.add(vm.id);
    const cur = cpuSample(block, at);
    const pct = cpuPercent(samples.get(vm.id) ?? null, cur, vm.vcpus);
    if (cur) samples.set(vm.id, cur);
    else samples.delete(vm.id);
    out.push({ vmId: vm.id, cpuPercent: pct, memoryUsedKiB: memoryUsedKiB(block) });
  }
  for (const id of [...samples.keys()]) if (!seen.has(id)) samples.delete(id);
  return out;
}
