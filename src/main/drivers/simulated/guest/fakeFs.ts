// The little of the guest's filesystem that `ls`, `cat` and `cd` can see. Files are functions of
// the live system facts, so /proc/uptime moves with the clock and /etc/hostname follows
// `hostname NEW`; devices are streams, so `cat /dev/urandom` is a flood like any other.
import type { ByteSource } from './streams';
import { textSource, urandomSource, zeroSource } from './streams';
import type { SystemInfo } from './system';
import { BOGOMIPS_PER_CPU, KERNEL_BUILD, memoryFigures, osRelease } from './system';

export type FsNode =
  | { kind: 'dir'; children: Map<string, FsNode> }
  | { kind: 'file'; read: (info: SystemInfo) => string }
  | { kind: 'device'; open: () => ByteSource };

export function homeOf(user: string): string {
  return user === 'root' ? '/root' : `/home/${user}`;
}

/** An absolute, normalised path for `path` typed in `cwd`; "~" is the user's home. */
export function resolvePath(path: string, cwd: string, home: string): string {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  const parts = p.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

const dir = (entries: Record<string, FsNode> = {}): FsNode => ({
  kind: 'dir',
  children: new Map(Object.entries(entries)),
});
const file = (read: (info: SystemInfo) => string): FsNode => ({ kind: 'file', read });
const text = (content: string): FsNode => file(() => content);
const device = (open: () => ByteSource): FsNode => ({ kind: 'device', open });

const NOTES = `Welcome to a simulated Debian guest, run by virtdesk on a simulated KVM host.

Things worth trying on this console:
  free -m; cat /proc/cpuinfo; uptime; dmesg | head -n 5
  seq 1 100000
  yes                                   (Ctrl-C stops it)
  head -c 100000000 /dev/urandom | base64
  poweroff
`;

function cpuinfo(info: SystemInfo): string {
  let out = '';
  for (let i = 0; i < info.vcpus; i++) {
    out += `processor\t: ${i}
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 106
model name\t: Intel Xeon Processor (Icelake)
stepping\t: 0
microcode\t: 0x1
cpu MHz\t\t: 2399.998
cache size\t: 16384 KB
physical id\t: 0
siblings\t: ${info.vcpus}
core id\t\t: ${i}
cpu cores\t: ${info.vcpus}
apicid\t\t: ${i}
fpu\t\t: yes
cpuid level\t: 13
wp\t\t: yes
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq vmx ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm avx2 avx512f
bogomips\t: ${BOGOMIPS_PER_CPU}
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 46 bits physical, 57 bits virtual
power management:

`;
  }
  return out;
}

function meminfo(info: SystemInfo): string {
  const m = memoryFigures(info.memoryMiB);
  const rows: [string, number][] = [
    ['MemTotal', m.totalKiB],
    ['MemFree', m.freeKiB],
    ['MemAvailable', m.availableKiB],
    ['Buffers', Math.floor(m.cacheKiB / 8)],
    ['Cached', m.cacheKiB - Math.floor(m.cacheKiB / 8)],
    ['SwapCached', 0],
    ['Active', Math.floor(m.usedKiB * 0.6)],
    ['Inactive', Math.floor(m.cacheKiB * 0.7)],
    ['SwapTotal', 0],
    ['SwapFree', 0],
    ['Dirty', 44],
    ['AnonPages', Math.floor(m.usedKiB * 0.5)],
    ['Shmem', m.shmemKiB],
    ['Slab', Math.floor(m.usedKiB * 0.3)],
    ['PageTables', 1_552],
    ['VmallocTotal', 34_359_738_367],
    ['HugePages_Total', 0],
  ];
  // The kernel pads "Name:" to 16 columns and the number to 8 (HugePages_* carry no unit).
  return rows
    .map(([k, v]) =>
      k.startsWith('HugePages')
        ? `${`${k}:`.padEnd(16)}${String(v).padStart(8)}\n`
        : `${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB\n`,
    )
    .join('');
}

function passwd(user: string): string {
  let out =
    'root:x:0:0:root:/root:/bin/bash\n' +
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
    'sshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n';
  if (user !== 'root') out += `${user}:x:1000:1000:${user},,,:/home/${user}:/bin/bash\n`;
  return out;
}

export class FakeFs {
  private readonly root: FsNode;

  constructor(user: string) {
    const home = dir({ 'notes.txt': text(NOTES) });
    this.root = dir({
      bin: dir(),
      boot: dir({ grub: dir() }),
      dev: dir({
        null: device(() => textSource('')),
        random: device(urandomSource),
        ttyS0: device(() => textSource('')),
        urandom: device(urandomSource),
        zero: device(zeroSource),
      }),
      etc: dir({
        debian_version: text('12.8\n'),
        hostname: file((i) => `${i.hostname}\n`),
        hosts: file((i) => `127.0.0.1\tlocalhost\n127.0.1.1\t${i.hostname}\n`),
        issue: text('Debian GNU/Linux 12 \\n \\l\n\n'),
        'os-release': text(osRelease()),
        passwd: text(passwd(user)),
      }),
      home: dir(user === 'root' ? {} : { [user]: home }),
      lib: dir(),
      proc: dir({
        cpuinfo: file(cpuinfo),
        meminfo: file(meminfo),
        uptime: file((i) => {
          const up = i.uptimeMs / 1000;
          return `${up.toFixed(2)} ${(up * i.vcpus * 0.97).toFixed(2)}\n`;
        }),
        version: file(
          (i) =>
            `Linux version ${i.kernel} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_BUILD}\n`,
        ),
      }),
      root: user === 'root' ? home : dir(),
      sbin: dir(),
      tmp: dir(),
      usr: dir({ bin: dir(), lib: dir(), sbin: dir(), share: dir({ doc: dir() }) }),
      var: dir({ cache: dir(), lib: dir(), log: dir({ apt: dir(), journal: dir() }), tmp: dir() }),
    });
  }

  lookup(abs: string): FsNode | undefined {
    let node: FsNode | undefined = this.root;
    for (const part of abs.split('/').filter(Boolean)) {
      if (node?.kind !== 'dir') return undefined;
      node = node.children.get(part);
    }
    return node;
  }

  /** Sorted entry names of a directory, or undefined if `abs` is not one. */
  list(abs: string): string[] | undefined {
    const node = this.lookup(abs);
    return node?.kind === 'dir' ? [...node.children.keys()].sort() : undefined;
  }
}
