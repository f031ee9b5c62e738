// A diskless copy of the testbed's vd-tiny under a name of the test's own (the guest boots from its
// kernel and initramfs, so it needs no disk), for tests that start, stop or attach to a guest
// without touching vd-tiny, which other suites use at the same time. Defined and undefined with the
// host's own virsh (as root, qemu:///system).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostVirsh } from '../../bench/support/hostVirsh';
import type { TestbedInfo } from './testbed';

export interface TinyClone {
  name: string;
  uuid: string;
}

export async function defineTinyClone(tb: TestbedInfo, name: string): Promise<TinyClone> {
  const uuid = randomUUID();
  const xml = readFileSync(tb.guest.xml, 'utf8')
    .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>\n  <uuid>${uuid}</uuid>`)
    .replace(/vd\.hostname=[^\s<]*/, `vd.hostname=${name}`)
    .replace(/<disk\b[\s\S]*?<\/disk>\s*/g, '')
    .replace(/<log\b[^>]*\/>\s*/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'vd-clone-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, xml);
    await hostVirsh(tb.libvirt.system, 'define', '--file', file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { name, uuid };
}

/** Stops (if running) and undefines the clone; quiet when it is already gone. */
export async function removeTinyClone(tb: TestbedInfo, clone: TinyClone): Promise<void> {
  await hostVirsh(tb.libvirt.system, 'destroy', clone.uuid).catch(() => {});
  await hostVirsh(tb.libvirt.system, 'undefine', clone.uuid, '--nvram').catch(() => {});
}
