// Bulk stats from one `virsh domstats` reply: output captured on the testbed, the cpu% maths,
// and the trap that a shut-off domain reports libvirtd's own CPU time.
import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  memoryUsedKiB,
  parseDomstats,
  statsFromDomstats,
} from '../../../src/main/drivers/libvirt-ssh/domstats';
import type { CpuSample } from '../../../src/main/drivers/libvirt-ssh/domstats';

const RUNNING = `Domain: 'vd-tiny'
  state.state=1
  state.reason=1
  cpu.time=2414374000
  cpu.user=1903338000
  cpu.system=511035000
  balloon.current=262144
  balloon.maximum=262144
  balloon.last-update=0
  balloon.rss=244484

Domain: 'x';touch /tmp/pwned;''
  state.state=5
  state.reason=2
  cpu.time=240000000
  balloon.current=262144
  balloon.maximum=262144
`;

const domains = new Map([
  ['vd-tiny', { id: 'u-tiny', vcpus: 2 }],
  ["x';touch /tmp/pwned;'", { id: 'u-hostile', vcpus: 1 }],
]);

describe('parseDomstats', () => {
  it('reads blocks by name, hostile names included', () => {
    const blocks = parseDomstats(RUNNING);
    expect([...blocks.keys()]).toEqual(['vd-tiny', "x';touch /tmp/pwned;'"]);
    expect(blocks.get('vd-tiny')?.get('cpu.time')).toBe('2414374000');
  });

  it('reads CRLF and tab-indented lines, keeps `=` in values, skips what is not key=value', () => {
    const text = [
      "Domain: 'a b'\r",
      '  state.state=1\r',
      '\tblock.0.path=/p/x=y.qcow2',
      '  empty=',
      'unindented=1',
      '  bad key=1',
      '  =1',
      '  no-equals',
      '',
      "Domain: ''",
      '  balloon.current=5',
      "Domain: 'half",
      '  balloon.maximum=6',
    ].join('\n');
    const blocks = parseDomstats(text);
    expect([...blocks.keys()]).toEqual(['a b', '']);
    expect(Object.fromEntries(blocks.get('a b')!)).toEqual({
      'state.state': '1',
      'block.0.path': '/p/x=y.qcow2',
      empty: '',
    });
    // A line that is not a header belongs to no new domain: its keys stay with the last one.
    expect(Object.fromEntries(blocks.get('')!)).toEqual({
      'balloon.current': '5',
      'balloon.maximum': '6',
    });
  });

  it('ignores lines before the first domain, and reads an empty reply as no domains', () => {
    expect(parseDomstats('  state.state=1\n')).toEqual(new Map());
    expect(parseDomstats('')).toEqual(new Map());
  });
});

describe('cpuPercent', () => {
  const at = (ms: number, ns: number): CpuSample => ({ at: ms, cpuTimeNs: ns });
  it('is CPU time over wall time over vCPUs', () => {
    // 1.5 s of CPU in 3 s on 1 vCPU = 50 %; on 2 vCPUs = 25 %.
    expect(cpuPercent(at(0, 0), at(3000, 1.5e9), 1)).toBe(50);
    expect(cpuPercent(at(0, 0), at(3000, 1.5e9), 2)).toBe(25);
  });
  it('is 0 without a previous sample, after a restart, and never above 100', () => {
    expect(cpuPercent(null, at(3000, 1e9), 1)).toBe(0);
    expect(cpuPercent(at(0, 5e9), at(3000, 1e9), 1)).toBe(0);
    expect(cpuPercent(at(0, 0), at(1000, 5e9), 1)).toBe(100);
  });
});

describe('statsFromDomstats', () => {
  it('reports active domains only, never the cpu.* of a shut-off one', () => {
    const samples = new Map<string, CpuSample>();
    const first = statsFromDomstats(parseDomstats(RUNNING), 1000, domains, samples);
    expect(first).toEqual([{ vmId: 'u-tiny', cpuPercent: 0, memoryUsedKiB: 244484 }]);
    expect([...samples.keys()]).toEqual(['u-tiny']);
    const later = RUNNING.replace('cpu.time=2414374000', 'cpu.time=5414374000');
    const second = statsFromDomstats(parseDomstats(later), 4000, domains, samples);
    // 3 s of CPU over 3 s on 2 vCPUs.
    expect(second[0]).toEqual({ vmId: 'u-tiny', cpuPercent: 50, memoryUsedKiB: 244484 });
  });

  it('prefers balloon.current - balloon.unused when the guest reports it', () => {
    const block = parseDomstats(
      "Domain: 'a'\n  state.state=1\n  balloon.current=1000\n  balloon.unused=300\n  balloon.rss=900\n",
    ).get('a')!;
    expect(memoryUsedKiB(block)).toBe(700);
  });
});
