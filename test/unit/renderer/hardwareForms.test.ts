// The Hardware tab's forms, read without React: what each field refuses as the user types (the
// topology against the maximum, current above maximum, an iothread the VM lacks, a NIC without a
// source), the settings a correct form gives, and the lines saying what changed.
import { describe, expect, it } from 'vitest';
import type {
  CpuSettings,
  DisksSettings,
  HardwareHostFacts,
  MemorySettings,
  NicSettings,
} from '../../../src/shared/hardware';
import { cpuChanges, readCpuForm, toCpuForm } from '../../../src/renderer/src/lib/hardware/cpuForm';
import {
  disksChanges,
  readDisksForm,
  toDisksForm,
} from '../../../src/renderer/src/lib/hardware/disksForm';
import { firstError } from '../../../src/renderer/src/lib/hardware/formRead';
import {
  memoryChanges,
  pageSizes,
  readMemoryForm,
  toMemoryForm,
  typedSize,
} from '../../../src/renderer/src/lib/hardware/memoryForm';
import {
  nicsChanges,
  readNicsForm,
  toNicForm,
} from '../../../src/renderer/src/lib/hardware/nicsForm';

const GiB = 1024 * 1024;

const cpu: CpuSettings = { vcpus: 2, maxVcpus: 4, mode: 'host-model', model: null, topology: null };

describe('CPU form', () => {
  it('reads back the settings it started from, unchanged', () => {
    const read = readCpuForm(toCpuForm(cpu), 64);
    expect(read.value).toEqual(cpu);
    expect(cpuChanges(cpu, read.value!)).toEqual([]);
  });

  it('refuses current vCPUs above the maximum, naming both', () => {
    const read = readCpuForm({ ...toCpuForm(cpu), vcpus: '6' }, 64);
    expect(read.value).toBeNull();
    expect(read.errors.vcpus).toBe('Current vCPUs (6) cannot exceed the maximum (4).');
  });

  it('refuses a maximum above what the host allows', () => {
    const read = readCpuForm({ ...toCpuForm(cpu), maxVcpus: '300' }, 255);
    expect(read.errors.maxVcpus).toBe('Maximum vCPUs can be at most 255.');
  });

  it('checks sockets × cores × threads against the maximum', () => {
    const form = { ...toCpuForm(cpu), topology: true, sockets: '1', cores: '3', threads: '2' };
    const wrong = readCpuForm(form, 64);
    expect(wrong.errors.topology).toBe(
      '1 sockets × 3 cores × 2 threads make 6 vCPUs, not the maximum 4.',
    );
    expect(firstError(wrong.errors)).toBe(wrong.errors.topology);
    const right = readCpuForm({ ...form, cores: '2' }, 64);
    expect(right.value?.topology).toEqual({ sockets: 1, cores: 2, threads: 2 });
    expect(cpuChanges(cpu, right.value!)).toEqual(['Topology: chosen by libvirt → 1 × 2 × 2']);
  });

  it('needs a model in custom mode and drops it in the others', () => {
    const custom = { ...toCpuForm(cpu), mode: 'custom' as const };
    expect(readCpuForm(custom, 64).errors.model).toBe('Pick the CPU model.');
    const picked = readCpuForm({ ...custom, model: 'EPYC' }, 64).value!;
    expect(picked.model).toBe('EPYC');
    expect(cpuChanges(cpu, picked)).toEqual(['Mode: Host model → Custom model (EPYC)']);
    const back = readCpuForm({ ...custom, model: 'EPYC', mode: 'host-passthrough' }, 64).value!;
    expect(back.model).toBeNull();
  });

  it('says each changed count in words', () => {
    const read = readCpuForm({ ...toCpuForm(cpu), vcpus: '3', maxVcpus: '8' }, 64);
    expect(cpuChanges(cpu, read.value!)).toEqual(['Current vCPUs: 2 → 3', 'Maximum vCPUs: 4 → 8']);
  });

  it('refuses text that is not a whole number', () => {
    expect(readCpuForm({ ...toCpuForm(cpu), vcpus: '2.5' }, 64).errors.vcpus).toBe(
      'Current vCPUs must be a whole number.',
    );
  });
});

const memory: MemorySettings = {
  currentKiB: 4 * GiB,
  maxKiB: 4 * GiB,
  hugepages: null,
  locked: false,
  nosharepages: false,
  balloon: 'virtio',
};

const host: Pick<HardwareHostFacts, 'nodes'> = {
  nodes: [
    {
      id: 0,
      hugepages: [
        { sizeKiB: 2048, total: 1024, free: 1000 },
        { sizeKiB: GiB, total: 4, free: 2 },
      ],
    },
    {
      id: 1,
      hugepages: [
        { sizeKiB: 2048, total: 0, free: 0 },
        { sizeKiB: GiB, total: 8, free: 6 },
      ],
    },
  ],
};

describe('Memory form', () => {
  it('shows whole GiB as GiB and other sizes in MiB', () => {
    expect(typedSize(4 * GiB)).toEqual({ amount: '4', unit: 'GiB' });
    expect(typedSize(1536 * 1024)).toEqual({ amount: '1536', unit: 'MiB' });
  });

  it('reads a balloon-down to 2 GiB and says it in words', () => {
    const read = readMemoryForm(
      { ...toMemoryForm(memory), current: { amount: '2', unit: 'GiB' } },
      memory,
    );
    expect(read.value?.currentKiB).toBe(2 * GiB);
    expect(memoryChanges(memory, read.value!)).toEqual(['Current memory: 4 GiB → 2 GiB']);
  });

  it('refuses current above the maximum', () => {
    const read = readMemoryForm(
      { ...toMemoryForm(memory), current: { amount: '6', unit: 'GiB' } },
      memory,
    );
    expect(read.value).toBeNull();
    expect(read.errors.current).toBe('Current memory (6 GiB) cannot exceed the maximum (4 GiB).');
  });

  it('refuses changing the current memory without a balloon', () => {
    const none = { ...memory, balloon: 'none' as const };
    const read = readMemoryForm(
      { ...toMemoryForm(none), current: { amount: '2', unit: 'GiB' } },
      none,
    );
    expect(read.errors.current).toBe('Without a balloon the current memory cannot change.');
  });

  it('refuses a maximum that is not a whole number of pages', () => {
    const read = readMemoryForm(
      {
        ...toMemoryForm(memory),
        max: { amount: '4097', unit: 'MiB' },
        current: { amount: '4', unit: 'GiB' },
        hugepages: String(GiB),
      },
      memory,
    );
    expect(read.errors.hugepages).toBe('Maximum memory must be a whole number of 1 GiB pages.');
  });

  it('keeps the guest nodes the pages back, and drops them with the hugepages', () => {
    const huge = { ...memory, hugepages: { sizeKiB: GiB, nodeset: [0] } };
    const kept = readMemoryForm({ ...toMemoryForm(huge), hugepages: String(GiB) }, huge);
    expect(kept.value?.hugepages).toEqual({ sizeKiB: GiB, nodeset: [0] });
    const off = readMemoryForm({ ...toMemoryForm(huge), hugepages: '' }, huge);
    expect(off.value?.hugepages).toBeNull();
    expect(memoryChanges(huge, off.value!)).toEqual(['Hugepages: 1 GiB for guest node 0 → none']);
    const on = readMemoryForm({ ...toMemoryForm(memory), hugepages: '2048' }, memory);
    expect(memoryChanges(memory, on.value!)).toEqual(['Hugepages: none → 2 MiB']);
  });

  it('offers the host’s page sizes and the common ones', () => {
    expect(pageSizes({ nodes: [] })).toEqual([2048, GiB]);
    expect(pageSizes(host)).toEqual([2048, GiB]);
    expect(
      pageSizes({ nodes: [{ id: 0, hugepages: [{ sizeKiB: 16 * 1024, total: 1, free: 1 }] }] }),
    ).toEqual([2048, 16 * 1024, GiB]);
  });
});

const disks: DisksSettings = {
  iothreads: 1,
  disks: [
    { target: 'vda', bus: 'virtio', cache: 'none', io: 'native', discard: 'unmap', iothread: 1 },
    {
      target: 'sda',
      bus: 'sata',
      cache: 'default',
      io: 'default',
      discard: 'default',
      iothread: null,
    },
  ],
};

describe('Disks form', () => {
  it('reads back unchanged', () => {
    expect(readDisksForm(toDisksForm(disks)).value).toEqual(disks);
  });

  it('refuses an iothread the VM does not have, naming the disk', () => {
    const read = readDisksForm({ ...toDisksForm(disks), iothreads: '0' });
    expect(read.errors.vda).toBe('vda is served by iothread 1, but the VM has none.');
  });

  it('drops the iothread of a disk moved off virtio-blk and says what changed', () => {
    const form = toDisksForm(disks);
    form.disks[0] = { ...form.disks[0]!, bus: 'scsi' };
    form.iothreads = '2';
    const read = readDisksForm(form);
    expect(read.value?.disks[0]?.iothread).toBeNull();
    expect(disksChanges(disks, read.value!)).toEqual([
      'Iothreads: 1 → 2',
      'vda bus: virtio-blk → virtio-scsi',
      'vda served by: iothread 1 → main loop',
    ]);
  });
});

const facts: HardwareHostFacts = {
  cpus: [],
  pins: [],
  cpuModels: [],
  maxVcpus: 64,
  nodes: [],
  networks: ['default', 'lab-nat'],
  bridges: ['br0'],
  interfaces: ['eth0'],
  vfs: [{ address: '0000:41:02.1', pf: 'enp65s0f0' }],
};

const nic: NicSettings = {
  mac: '52:54:00:00:00:01',
  model: 'virtio',
  queues: null,
  source: { type: 'network', network: 'default' },
};

describe('NICs form', () => {
  it('reads back unchanged', () => {
    expect(readNicsForm([toNicForm(nic, facts)]).value).toEqual([nic]);
  });

  it('moves a NIC to another network and says so', () => {
    const read = readNicsForm([{ ...toNicForm(nic, facts), network: 'lab-nat' }]);
    expect(nicsChanges([nic], read.value!)).toEqual([
      '52:54:00:00:00:01 source: network default → network lab-nat',
    ]);
  });

  it('makes a VF NIC model-less and without queues', () => {
    const read = readNicsForm([{ ...toNicForm(nic, facts), type: 'hostdev', queues: '4' }]);
    expect(read.value).toEqual([
      {
        mac: nic.mac,
        model: '',
        queues: null,
        source: { type: 'hostdev', address: '0000:41:02.1' },
      },
    ]);
  });

  it('reads macvtap with its mode, and queues only for virtio', () => {
    const form = {
      ...toNicForm(nic, facts),
      type: 'direct' as const,
      mode: 'vepa' as const,
      queues: '4',
    };
    expect(readNicsForm([form]).value?.[0]).toMatchObject({
      queues: 4,
      source: { type: 'direct', dev: 'eth0', mode: 'vepa' },
    });
    expect(readNicsForm([{ ...form, model: 'e1000e' }]).value?.[0]?.queues).toBeNull();
  });

  it('refuses a source the host cannot offer and bad queue counts', () => {
    const none = { ...facts, bridges: [] };
    const read = readNicsForm([{ ...toNicForm(nic, none), type: 'bridge' }]);
    expect(read.errors[nic.mac]).toBe('Pick a bridge.');
    const q = readNicsForm([{ ...toNicForm(nic, facts), queues: '0' }]);
    expect(q.errors[`${nic.mac} queues`]).toBe('Queues of 52:54:00:00:00:01 must be at least 1.');
  });
});
