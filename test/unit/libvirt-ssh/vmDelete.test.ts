// Delete on a libvirt host, against a scripted virsh: the choice is checked before anything is
// sent, `undefine --nvram` goes first (never --remove-all-storage), then one `vol-delete` per
// chosen volume by its key, and a vol-delete that fails after the undefine names what remains.
import { describe, expect, it } from 'vitest';
import { parseDomainDoc } from '../../../src/main/drivers/common/domainDoc';
import type { HostSession } from '../../../src/main/drivers/libvirt-ssh/hostSession';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';
import { virshError } from '../../../src/main/drivers/libvirt-ssh/virshErrors';
import { deleteDomain, deletePlanOf } from '../../../src/main/drivers/libvirt-ssh/vmDelete';
import type { DomainRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import { makeRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';

const disk = (path: string, target: string) =>
  `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${path}'/>` +
  `<target dev='${target}' bus='virtio'/></disk>`;

function record(id: string, name: string, disks: string[]): DomainRecord {
  const xml =
    `<domain type='kvm'><name>${name}</name><uuid>${id}</uuid><memory unit='KiB'>131072</memory>` +
    `<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>${disks.join('')}</devices></domain>`;
  return makeRecord('tb', {
    id,
    config: parseDomainDoc(xml).doc,
    live: null,
    state: 'shutoff',
    persistent: true,
    autostart: false,
    capacities: new Map(),
  });
}

const volXml = (name: string) =>
  `<volume type='file'><name>${name}</name><key>/p/${name}</key><capacity unit='bytes'>1048576</capacity>` +
  `<target><path>/p/${name}</path><format type='qcow2'/></target></volume>`;

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

/** A scripted host: domain a (own.qcow2, shared.qcow2) and b (shared.qcow2) in pool vd-pool. */
function host(opts: { failDelete?: boolean } = {}) {
  const a = record(A, 'a', [disk('/p/own.qcow2', 'vda'), disk('/p/shared.qcow2', 'vdb')]);
  const b = record(B, 'b', [disk('/p/shared.qcow2', 'vda')]);
  const sent: string[] = [];
  let gone = false;
  const answer = (line: string): VirshResult => {
    sent.push(line);
    const vol = /^vol-(pool|dumpxml) --vol '\/p\/([^']+)'$/.exec(line);
    if (vol?.[1] === 'pool') return { ok: true, stdout: 'vd-pool\n' };
    if (vol) return { ok: true, stdout: volXml(vol[2]!) };
    if (line.startsWith('undefine ')) {
      gone = true;
      return { ok: true, stdout: '' };
    }
    if (line.startsWith('vol-delete ') && opts.failDelete) {
      const stderr = "error: cannot unlink file '/p/own.qcow2': Permission denied\n";
      return { ok: false, error: virshError(stderr, 'tb')! };
    }
    return { ok: true, stdout: '' };
  };
  const session = {
    virsh: {
      batch: async (lines: readonly string[]) => lines.map(answer),
      call: async (line: string) => {
        const r = answer(line);
        if (!r.ok) throw r.error;
        return r.stdout;
      },
    },
    reread: async () => (gone ? null : a),
  } as unknown as HostSession;
  const events: string[] = [];
  return {
    sent,
    events,
    a,
    deleteHost: {
      hostName: 'tb',
      session,
      domains: () => (gone ? [b] : [a, b]),
      emitStorageChanged: () => events.push('storage-changed'),
    },
  };
}

describe('libvirt Delete with chosen disks', () => {
  it('plans the private volume ticked and the shared one kept, naming the other domain', async () => {
    const h = host();
    const plan = await deletePlanOf(h.deleteHost, h.a);
    expect(plan.disks.map((d) => [d.target, d.keep, d.volume?.pool])).toEqual([
      ['vda', null, 'vd-pool'],
      ['vdb', 'in-use', 'vd-pool'],
    ]);
    expect(plan.disks[1]?.usedBy).toEqual([{ vmId: B, vmName: 'b' }]);
  });

  it('undefines first, then deletes each chosen volume by its key', async () => {
    const h = host();
    await deleteDomain(h.deleteHost, h.a, [{ target: 'vda', source: '/p/own.qcow2' }]);
    const writes = h.sent.filter((l) => /^(undefine|vol-delete) /.test(l));
    expect(writes).toEqual([`undefine --domain '${A}' --nvram`, "vol-delete --vol '/p/own.qcow2'"]);
    expect(h.events).toEqual(['storage-changed']);
  });

  it('refuses a shared disk before sending anything that changes the host', async () => {
    const h = host();
    await expect(
      deleteDomain(h.deleteHost, h.a, [{ target: 'vdb', source: '/p/shared.qcow2' }]),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Also used by b/) });
    expect(h.sent.filter((l) => /^(undefine|vol-delete) /.test(l))).toEqual([]);
  });

  it('says the VM is gone and which volume remains when a vol-delete fails', async () => {
    const h = host({ failDelete: true });
    const err = await deleteDomain(h.deleteHost, h.a, [
      { target: 'vda', source: '/p/own.qcow2' },
    ]).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'HOST_ERROR',
      message: expect.stringMatching(
        /^a was deleted, but this volume could not be: vd-pool\/own\.qcow2 \(.*Permission denied.*\)\. It remains in its pool/,
      ),
    });
    expect(h.sent.some((l) => l.startsWith('undefine '))).toBe(true);
    expect(h.events).toEqual(['storage-changed']);
  });
});
