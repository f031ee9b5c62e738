// What a Debian 12 cloud VM prints on ttyS0 (console=ttyS0,115200n8) from power-on to getty, and
// on its way down. Each line carries the simulated time it appears at, so the console can play it
// out over the boot instead of dumping it at once.
import type { SystemInfo } from './system';
import { BOGOMIPS_PER_CPU, KERNEL_BUILD, kernelTime, memoryFigures } from './system';

export interface TimedLine {
  /** Milliseconds after the start of the boot (or of the shutdown). */
  at: number;
  text: string;
}

/** systemd's status column, green as on a real serial console. */
export const OK = '[\x1b[0;32m  OK  \x1b[0m]';
const PENDING = '         ';

export type BootFacts = Pick<SystemInfo, 'hostname' | 'kernel' | 'memoryMiB' | 'vcpus' | 'diskGiB'>;

/** The kernel ring buffer after boot, as `dmesg` prints it: [seconds, message]. */
export function kernelMessages(info: BootFacts): [number, string][] {
  const mem = memoryFigures(info.memoryMiB);
  const cpus = `${info.vcpus} CPU${info.vcpus === 1 ? '' : 's'}`;
  const sectors = info.diskGiB * 2 * 1024 * 1024;
  const gb = ((info.diskGiB * 1024 ** 3) / 1e9).toFixed(1);
  const cmdline = `BOOT_IMAGE=/boot/vmlinuz-${info.kernel} root=UUID=2f1e6a0c-9b4d-4a51-8d1e-3c7f9a2b5e64 ro console=tty0 console=ttyS0,115200n8`;
  const bogo = (BOGOMIPS_PER_CPU * info.vcpus).toFixed(2);
  return [
    [
      0,
      `Linux version ${info.kernel} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_BUILD}`,
    ],
    [0, `Command line: ${cmdline}`],
    [0, 'BIOS-provided physical RAM map:'],
    [0, 'NX (Execute Disable) protection: active'],
    [0, 'DMI: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014'],
    [0, 'Hypervisor detected: KVM'],
    [0, 'kvm-clock: Using msrs 4b564d01 and 4b564d00'],
    [0.000002, 'kvm-clock: using sched offset of 4183921836 cycles'],
    [0.000006, 'tsc: Detected 2399.998 MHz processor'],
    [0.004512, 'ACPI: Early table checksum verification disabled'],
    [0.011873, `smpboot: Allowing ${info.vcpus} CPUs, 0 hotplug CPUs`],
    [0.019554, `Kernel command line: ${cmdline}`],
    [
      0.036415,
      `Memory: ${mem.totalKiB}K/${mem.physicalKiB}K available (14336K kernel code, 2360K rwdata, 9156K rodata, 2792K init, 17400K bss, ${mem.reservedKiB}K reserved, 0K cma-reserved)`,
    ],
    [0.038127, `SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${info.vcpus}, Nodes=1`],
    [0.052381, 'printk: console [ttyS0] enabled'],
    [0.109442, 'smp: Bringing up secondary CPUs ...'],
    [0.118935, `smp: Brought up 1 node, ${cpus}`],
    [0.119012, `smpboot: Total of ${info.vcpus} processors activated (${bogo} BogoMIPS)`],
    [0.289377, 'PCI: Using configuration type 1 for base access'],
    [0.352614, 'ACPI: Interpreter enabled'],
    [0.511846, 'Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled'],
    [0.533307, '00:04: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A'],
    [0.91244, 'virtio_blk virtio2: 1/0/0 default/read/poll queues'],
    [
      0.915031,
      `virtio_blk virtio2: [vda] ${sectors} 512-byte logical blocks (${gb} GB/${info.diskGiB}.0 GiB)`,
    ],
    [0.921665, ' vda: vda1 vda14 vda15'],
    [0.96879, 'virtio_net virtio0 enp1s0: renamed from eth0'],
    [
      1.204518,
      'EXT4-fs (vda1): mounted filesystem 2f1e6a0c-9b4d-4a51-8d1e-3c7f9a2b5e64 with ordered data mode. Quota mode: none.',
    ],
    [
      1.381207,
      'systemd[1]: systemd 252.31-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)',
    ],
    [1.383015, 'systemd[1]: Detected virtualization kvm.'],
    [1.383102, 'systemd[1]: Detected architecture x86-64.'],
    [1.391877, `systemd[1]: Hostname set to <${info.hostname}>.`],
  ];
}

const SYSTEMD_UP = [
  `${OK} Created slice system-getty.slice - Slice /system/getty.`,
  `${OK} Created slice system-serial\\x2dgetty.slice - Slice /system/serial-getty.`,
  `${OK} Started systemd-journald.service - Journal Service.`,
  `${OK} Finished systemd-remount-fs.service - Remount Root and Kernel File Systems.`,
  `${OK} Started systemd-udevd.service - Rule-based Manager for Device Events and Files.`,
  `${OK} Found device dev-ttyS0.device - /dev/ttyS0.`,
  `${OK} Reached target local-fs.target - Local File Systems.`,
  `${PENDING}Starting systemd-networkd.service - Network Configuration...`,
  `${OK} Started systemd-networkd.service - Network Configuration.`,
  `${OK} Reached target network.target - Network.`,
  `${OK} Started cron.service - Regular background program processing daemon.`,
  `${OK} Started ssh.service - OpenBSD Secure Shell server.`,
  `${OK} Started serial-getty@ttyS0.service - Serial Getty on ttyS0.`,
  `${OK} Reached target getty.target - Login Prompts.`,
  `${OK} Reached target multi-user.target - Multi-User System.`,
  `${PENDING}Starting systemd-update-utmp-runlevel.service - Record Runlevel Change in UTMP...`,
  `${OK} Finished systemd-update-utmp-runlevel.service - Record Runlevel Change in UTMP.`,
];

/**
 * The boot as it scrolls by, spread over `bootMs`: the kernel's first 55 % (its own timestamps
 * scaled), systemd's units the rest. The login banner is not included; it comes at `bootMs`.
 */
export function bootLines(info: BootFacts, bootMs: number): TimedLine[] {
  const kernel = kernelMessages(info);
  const lastKernel = kernel[kernel.length - 1]?.[0] ?? 1;
  const kernelSpan = bootMs * 0.55;
  const lines: TimedLine[] = kernel.map(([sec, text]) => ({
    at: Math.round((sec / lastKernel) * kernelSpan),
    text: `${kernelTime(sec)} ${text}`,
  }));
  const unitSpan = bootMs * 0.97 - kernelSpan;
  SYSTEMD_UP.forEach((text, i) => {
    lines.push({ at: Math.round(kernelSpan + ((i + 1) / SYSTEMD_UP.length) * unitSpan), text });
  });
  return lines;
}

export function dmesgText(info: BootFacts): string {
  return kernelMessages(info)
    .map(([sec, text]) => `${kernelTime(sec)} ${text}\n`)
    .join('');
}

export function loginBanner(hostname: string): string {
  return `\r\nDebian GNU/Linux 12 ${hostname} ttyS0\r\n\r\n${hostname} login: `;
}

/** systemd stopping everything, ending in the kernel's last words at `uptimeMs + durationMs`. */
export function shutdownLines(
  kind: 'poweroff' | 'reboot',
  uptimeMs: number,
  durationMs: number,
): TimedLine[] {
  const target =
    kind === 'poweroff'
      ? ['systemd-poweroff.service - System Power Off', 'poweroff.target - System Power Off']
      : ['systemd-reboot.service - System Reboot', 'reboot.target - System Reboot'];
  const steps = [
    `${PENDING}Stopping session-1.scope - Session 1 of User root...`,
    `${OK} Removed slice system-getty.slice - Slice /system/getty.`,
    `${OK} Stopped target multi-user.target - Multi-User System.`,
    `${PENDING}Stopping ssh.service - OpenBSD Secure Shell server...`,
    `${OK} Stopped ssh.service - OpenBSD Secure Shell server.`,
    `${OK} Stopped target network.target - Network.`,
    `${PENDING}Stopping systemd-journald.service - Journal Service...`,
    `${OK} Stopped systemd-journald.service - Journal Service.`,
    `${OK} Unmounted boot-efi.mount - /boot/efi.`,
    `${OK} Reached target shutdown.target - System Shutdown.`,
    `${OK} Reached target final.target - Late Shutdown Services.`,
    `${OK} Finished ${target[0]}.`,
    `${OK} Reached target ${target[1]}.`,
  ];
  const lines: TimedLine[] = steps.map((text, i) => ({
    at: Math.round((i / steps.length) * durationMs * 0.9),
    text,
  }));
  const last = kind === 'poweroff' ? 'reboot: Power down' : 'reboot: Restarting system';
  lines.push({ at: durationMs, text: `${kernelTime((uptimeMs + durationMs) / 1000)} ${last}` });
  return lines;
}
