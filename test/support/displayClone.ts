// A vd-tiny clone with a screen, for the display tests and bench: diskless (the guest lives in its
// initramfs), VNC graphics on loopback (optionally with a password) and a VGA, booted from the
// compressed kernel (its real-mode setup finds the VGA; the PVH entry vd-tiny's vmlinux takes knows
// no screen) with its console ending on tty0, so the shell init starts reads the VGA keyboard.
// Named with the display work's testbed prefix; remove() leaves nothing behind.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestbedInfo } from './testbed';

const run = promisify(execFile);
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

export interface DisplayClone {
  name: string;
  virsh(...args: string[]): Promise<string>;
  /** The VNC server's TCP port on loopback (the VM must be running). */
  vncPort(): Promise<number>;
  remove(): Promise<void>;
}

export async function defineDisplayClone(
  tb: TestbedInfo,
  name: string,
  opts: { password?: string } = {},
): Promise<DisplayClone> {
  const virsh = async (...args: string[]) =>
    (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;
  const passwd = opts.password ? ` passwd='${opts.password}'` : '';
  const xml = (await virsh('dumpxml', '--inactive', tb.guest.name))
    .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`)
    .replace(/\s*<uuid>[^<]*<\/uuid>/, '')
    .replace(/\s*<disk[\s\S]*?<\/disk>/g, '')
    .replace(/vd\.hostname=[^\s<]*/, `vd.hostname=${name}`)
    .replace(/<\/cmdline>/, ' console=tty0</cmdline>')
    .replace(/\/vmlinux</, '/vmlinuz<')
    .replace(
      /<\/devices>/,
      `<graphics type='vnc' listen='127.0.0.1' autoport='yes'${passwd}/>` +
        `<video><model type='vga'/></video></devices>`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'vddisp-'));
  try {
    writeFileSync(join(dir, 'clone.xml'), xml);
    await virsh('define', join(dir, 'clone.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name,
    virsh,
    vncPort: async () => {
      const m = /:(\d+)\s*$/.exec((await virsh('domdisplay', name)).trim());
      if (!m) throw new Error(`${name} has no VNC display`);
      return 5900 + Number(m[1]);
    },
    remove: async () => {
      await virsh('destroy', name).catch(() => undefined);
      await virsh('undefine', name).catch(() => undefined);
    },
  };
}
