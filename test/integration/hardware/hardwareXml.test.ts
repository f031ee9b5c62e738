// The Hardware tab's XML against the real libvirt of the testbed: each section's change, as
// applyHardwareChange writes it, is accepted by `virsh define` and reads back (dumpxml --inactive)
// as the settings that were asked for; and libvirt refuses the documents virtdesk refuses with the
// words the plan quotes. Only the domain hwc-xml is created (never started) and it is undefined
// after.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HardwareChange, VmHardware } from '../../../src/shared/hardware';
import { applyHardwareChange, readHardware } from '../../../src/shared/libvirt-xml';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed } from '../../support/testbed';

const run = promisify(execFile);
const env = { ...process.env, LC_ALL: 'C', LIBVIRT_AUTOSTART: '0' };
const NAME = 'hwc-xml';

let tb: TestbedInfo;
let dir: string;

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-c', tb.libvirt.system, ...args], { env })).stdout;

/** `virsh define` of a document; the error text when libvirt refuses it. */
async function define(xml: string): Promise<string | null> {
  const file = join(dir, 'domain.xml');
  writeFileSync(file, xml);
  try {
    await virsh('define', file);
    return null;
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
}

const BASE = `<domain type='qemu'>
  <name>${NAME}</name>
  <uuid>9b0e6a63-4d0c-4f0e-9a51-6b1d2c3e4f50</uuid>
  <memory unit='KiB'>262144</memory>
  <currentMemory unit='KiB'>262144</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <cpu mode='custom' match='exact' check='none'>
    <model fallback='allow'>qemu64</model>
  </cpu>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/tmp/${NAME}.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:0c:0d:0e'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;

async function current(): Promise<{ xml: string; hw: VmHardware }> {
  const xml = await virsh('dumpxml', '--inactive', NAME);
  return { xml, hw: readHardware(xml, null) };
}

describe('Hardware XML on real libvirt', () => {
  beforeAll(async () => {
    tb = requireTestbed();
    dir = mkdtempSync(join(tmpdir(), 'hwc-'));
    await virsh('undefine', NAME).catch(() => undefined);
    // The network need not exist to define; libvirt checks it at start.
    expect(await define(BASE)).toBeNull();
  });

  afterAll(async () => {
    if (tb) await virsh('undefine', NAME).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, (hw: VmHardware) => HardwareChange][] = [
    [
      'cpu: count, maximum, topology, host-passthrough',
      (hw) => ({
        section: 'cpu',
        cpu: {
          ...hw.cpu,
          vcpus: 2,
          maxVcpus: 4,
          mode: 'host-passthrough',
          model: null,
          topology: { sockets: 1, cores: 2, threads: 2 },
        },
      }),
    ],
    [
      'pinning: vcpupin, emulatorpin, numatune',
      (hw) => ({
        section: 'pinning',
        pinning: {
          ...hw.pinning,
          vcpus: hw.pinning.vcpus.map((_, i) => (i === 0 ? [0] : null)),
          emulator: [0, 1],
          numatune: { mode: 'strict', nodeset: [0] },
        },
      }),
    ],
    [
      'memory: balloon target, maximum, locked, nosharepages',
      (hw) => ({
        section: 'memory',
        memory: {
          ...hw.memory,
          currentKiB: 131072,
          maxKiB: 524288,
          locked: true,
          nosharepages: true,
        },
      }),
    ],
    [
      'disks: iothreads, cache, io, discard, iothread',
      (hw) => ({
        section: 'disks',
        disks: {
          iothreads: 2,
          disks: hw.disks.disks.map((d) => ({
            ...d,
            cache: 'none',
            io: 'native',
            discard: 'unmap',
            iothread: 2,
          })),
        },
      }),
    ],
    [
      'disks: virtio-blk to virtio-scsi',
      (hw) => ({
        section: 'disks',
        disks: {
          iothreads: hw.disks.iothreads,
          disks: hw.disks.disks.map((d) => ({ ...d, bus: 'scsi', iothread: null })),
        },
      }),
    ],
    [
      'nics: queues, then a bridge',
      (hw) => ({
        section: 'nics',
        nics: hw.nics.map((n) => ({ ...n, queues: 4, source: { type: 'bridge', bridge: 'br0' } })),
      }),
    ],
  ];

  it.each(cases)('%s: libvirt accepts it and reads back the same settings', async (_, make) => {
    const before = await current();
    const change = make(before.hw);
    const xml = applyHardwareChange(before.xml, change);
    expect(await define(xml)).toBeNull();
    const after = (await current()).hw;
    const section = change.section;
    const asked = readHardware(xml, null)[section];
    expect(after[section]).toEqual(asked);
    // And it is what was asked for, not merely what we wrote.
    expect(asked).toEqual(Object.values(change)[1]);
  });

  it('libvirt refuses what virtdesk refuses, in the same words', async () => {
    const { xml, hw } = await current();
    const disk = hw.disks.disks[0]!;
    // Each: the change virtdesk refuses, and the document libvirt is handed instead.
    const bad: [HardwareChange, string][] = [
      [
        { section: 'cpu', cpu: { ...hw.cpu, topology: { sockets: 1, cores: 3, threads: 1 } } },
        xml.replace(/<topology [^>]*\/>/, "<topology sockets='1' cores='3' threads='1'/>"),
      ],
      [
        {
          section: 'disks',
          disks: { iothreads: 0, disks: [{ ...disk, bus: 'virtio', iothread: 3 }] },
        },
        xml
          .replace(/<target dev='vda' bus='scsi'\/>/, "<target dev='vda' bus='virtio'/>")
          .replace(/<driver ([^>]*)\/>/, "<driver $1 iothread='3'/>")
          .replace(/\s*<address type='drive'[^>]*\/>/, ''),
      ],
      [
        { section: 'disks', disks: { iothreads: 2, disks: [{ ...disk, iothread: 1 }] } },
        xml.replace(/<driver ([^>]*)\/>/, "<driver $1 iothread='1'/>"),
      ],
      [
        {
          section: 'disks',
          disks: { iothreads: 2, disks: [{ ...disk, cache: 'writeback', io: 'native' }] },
        },
        xml.replace(
          /<driver ([^>]*)\/>/,
          "<driver name='qemu' type='qcow2' cache='writeback' io='native'/>",
        ),
      ],
    ];
    for (const [change, doc] of bad) {
      expect(doc).not.toBe(xml);
      let ours = '';
      try {
        applyHardwareChange(xml, change);
      } catch (e) {
        ours = (e as Error).message.replace(/ \(vda\)$/, '');
      }
      expect(ours).not.toBe('');
      const theirs = await define(doc);
      expect(theirs).toContain(ours);
    }
  });
});
