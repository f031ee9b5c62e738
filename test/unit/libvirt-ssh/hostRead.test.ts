// The host's facts in two round trips: the lists ride the first batch with capabilities and
// nodeinfo, and what depends on them (network names, PCI device XML) is asked for together.
// A stand-in virsh answers from libvirt's own fixtures and records how many batches were in
// flight when each was written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import type { Virsh } from '../../../src/main/drivers/libvirt-ssh/domain';
import { hostRead } from '../../../src/main/drivers/libvirt-ssh/host';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';

const FIXTURES = join(__dirname, '../../fixtures/libvirt-xml');
const fixture = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const NET = '0b1f5c1e-9c1a-4c55-8e1b-2a9d2f6f3c11';
const PCI = 'pci_0000_02_10_7';

function answer(line: string, failing: readonly string[]): VirshResult {
  const broken = failing.find((f) => line.startsWith(f));
  if (broken !== undefined)
    return { ok: false, error: new VirtdeskError('HOST_ERROR', `${broken} failed`) };
  if (line === 'capabilities')
    return { ok: true, stdout: fixture('capabilities/vircaps-x86_64-basic.xml') };
  if (line === 'nodeinfo')
    return { ok: true, stdout: 'CPU(s):          4\nMemory size:     2048 KiB\n' };
  if (line === 'version') return { ok: true, stdout: 'Running hypervisor: QEMU 7.2.0\n' };
  if (line.startsWith('freepages')) return { ok: true, stdout: 'Node 0:\n4KiB: 100\n' };
  if (line.startsWith('net-list')) return { ok: true, stdout: `${NET}\n` };
  if (line.startsWith('net-name')) return { ok: true, stdout: 'default\n' };
  if (line.startsWith('nodedev-list')) return { ok: true, stdout: `${PCI}\n` };
  if (line.startsWith('nodedev-dumpxml'))
    return { ok: true, stdout: fixture('nodedev/pci_0000_02_10_7_sriov.xml') };
  return { ok: false, error: new VirtdeskError('HOST_ERROR', `unexpected: ${line}`) };
}

/** Batches as written, each with how many others were still unanswered at that moment. */
function recordingVirsh(
  ...failing: string[]
): Virsh & { writes: { lines: string[]; busy: number }[] } {
  const writes: { lines: string[]; busy: number }[] = [];
  let busy = 0;
  const batch = (lines: readonly string[]) => {
    writes.push({ lines: [...lines], busy });
    busy++;
    return new Promise<VirshResult[]>((resolve) =>
      setTimeout(() => {
        busy--;
        resolve(lines.map((l) => answer(l, failing)));
      }, 5),
    );
  };
  return {
    writes,
    batch,
    call: async (line) => {
      const [r] = await batch([line]);
      if (!r?.ok) throw r?.error ?? new Error('no reply');
      return r.stdout;
    },
  };
}

describe('hostRead', () => {
  it('reads the facts in two round trips: the lists first, names and device XML together', async () => {
    const virsh = recordingVirsh();
    const facts = await hostRead({ virsh });
    expect(facts.networks).toEqual(['default']);
    expect(facts.hardware.pciDevices.map((d) => d.address)).toEqual(['0000:02:10.7']);
    const [first, ...then] = virsh.writes;
    expect(first?.lines).toEqual(expect.arrayContaining(["nodedev-list --cap 'pci'"]));
    expect(then.map((w) => w.lines[0]?.split(' ')[0]).sort()).toEqual([
      'net-name',
      'nodedev-dumpxml',
    ]);
    // The second of them was written while the first was still out: one round trip for both.
    expect(then.map((w) => w.busy)).toEqual([0, 1]);
  });

  it('still fails the connect when the PCI device list cannot be read', async () => {
    await expect(hostRead({ virsh: recordingVirsh('nodedev-list') })).rejects.toThrow(
      /nodedev-list failed/,
    );
  });

  it('names a capabilities failure before a device list failure', async () => {
    const virsh = recordingVirsh('capabilities', 'nodedev-list');
    await expect(hostRead({ virsh })).rejects.toThrow(/capabilities failed/);
  });
});
