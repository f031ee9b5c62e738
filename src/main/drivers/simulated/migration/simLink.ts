// What the simulated hosts' migration runs on: the link between them and how much memory an idle
// guest dirties. The link is the one choice made for speed: 25 Gbit/s (a homelab with 25 GbE
// between its hypervisors), so a guest of a few GiB moves in a few seconds of wall time on the
// real clock, which is what the e2e tests run on; the migration itself runs at the virtual
// clock's pace, unscaled, so durations in the Jobs list are what the model says.
import type { HostHardware } from '../../../../shared/model';

/** 25 Gbit/s, in bytes per second. */
export const SIM_LINK_BYTES_PER_SEC = 25e9 / 8;

const MiB = 2 ** 20;

/**
 * An idle guest's dirty rate: a few MiB/s of kernel and daemon housekeeping (idle vd-tiny on the
 * testbed measures about 4 MB/s), a little more the more memory it has (page cache, slabs).
 */
export function idleDirtyRate(memoryBytes: number): number {
  return Math.round(2 * MiB + memoryBytes / 1000);
}

/** Host memory libvirt and the host OS keep for themselves; not free for guests. */
export const HOST_RESERVED_BYTES = 4 * 2 ** 30;

const COMMON_FEATURES = [
  'fpu',
  'vme',
  'de',
  'pse',
  'tsc',
  'msr',
  'pae',
  'mce',
  'cx8',
  'apic',
  'sep',
  'mtrr',
  'pge',
  'mca',
  'cmov',
  'pat',
  'pse36',
  'clflush',
  'mmx',
  'fxsr',
  'sse',
  'sse2',
  'ht',
  'syscall',
  'nx',
  'pdpe1gb',
  'rdtscp',
  'lm',
  'pni',
  'pclmulqdq',
  'ssse3',
  'fma',
  'cx16',
  'sse4.1',
  'sse4.2',
  'x2apic',
  'movbe',
  'popcnt',
  'aes',
  'xsave',
  'avx',
  'f16c',
  'rdrand',
  'fsgsbase',
  'bmi1',
  'avx2',
  'smep',
  'bmi2',
  'rdseed',
  'adx',
  'smap',
  'clflushopt',
  'clwb',
  'sha-ni',
  'xsaveopt',
  'xsavec',
  'xgetbv1',
  'xsaves',
  'umip',
  'vaes',
  'vpclmulqdq',
  'rdpid',
];
const AMD_FEATURES = [
  'svm',
  'sse4a',
  'abm',
  'misalignsse',
  '3dnowprefetch',
  'topoext',
  'perfctr-core',
  'clzero',
  'xsaveerptr',
  'wbnoinvd',
  'npt',
  'nrip-save',
];
const INTEL_FEATURES = [
  'vmx',
  'pcid',
  'invpcid',
  'erms',
  'avx512f',
  'avx512dq',
  'avx512cd',
  'avx512bw',
  'avx512vl',
  'avx512-vnni',
  'avx512vbmi',
  'avx512vbmi2',
  'avx512bitalg',
  'avx512-vpopcntdq',
  'gfni',
  'pku',
  'ospke',
  'la57',
  'md-clear',
  'spec-ctrl',
  'arch-capabilities',
];

/** The CPU flags a simulated host offers its guests, by vendor. */
export function hostCpuFeatures(hw: HostHardware): string[] {
  const amd = /AMD/i.test(hw.cpuModel);
  return [...COMMON_FEATURES, ...(amd ? AMD_FEATURES : INTEL_FEATURES)];
}
