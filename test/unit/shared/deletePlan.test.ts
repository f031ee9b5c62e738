// The Delete dialog's rules: which disks are ticked, why the others stay, and the re-check at
// delete time that refuses the whole request when any chosen disk may not go.
import { describe, expect, it } from 'vitest';
import type { DiskDeleteFacts } from '../../../src/shared/deletePlan';
import {
  checkDeleteChoice,
  deleteActionLabel,
  deletePlan,
  leftoverError,
  planDisk,
} from '../../../src/shared/deletePlan';
import { VirtdeskError } from '../../../src/shared/errors';

const vol = (name: string) => ({
  pool: 'default',
  name,
  key: `/var/lib/libvirt/images/${name}`,
  path: `/var/lib/libvirt/images/${name}`,
  capacityBytes: 10 * 2 ** 30,
});

function disk(over: Partial<DiskDeleteFacts> = {}): DiskDeleteFacts {
  return {
    target: 'vda',
    device: 'disk',
    source: '/var/lib/libvirt/images/web.qcow2',
    readonly: false,
    shareable: false,
    volume: vol('web.qcow2'),
    otherUsers: [],
    ...over,
  };
}

describe('planDisk', () => {
  it('ticks an ordinary volume used by this VM alone, with its size', () => {
    expect(planDisk(disk())).toEqual({
      target: 'vda',
      device: 'disk',
      source: '/var/lib/libvirt/images/web.qcow2',
      sizeBytes: 10 * 2 ** 30,
      volume: { pool: 'default', name: 'web.qcow2' },
      usedBy: [],
      keep: null,
      reason: null,
    });
  });

  it.each([
    ['empty', disk({ source: null, volume: null, device: 'cdrom' }), /No media/],
    ['media', disk({ device: 'cdrom', readonly: true, volume: vol('debian.iso') }), /A CD-ROM/],
    ['media', disk({ device: 'floppy' }), /A floppy/],
    ['readonly', disk({ readonly: true }), /Read-only/],
    ['shareable', disk({ shareable: true }), /Shareable/],
    [
      'in-use',
      disk({
        otherUsers: [
          { vmId: 'u2', vmName: 'db-01' },
          { vmId: 'u3', vmName: 'cache' },
        ],
      }),
      /Also used by db-01, cache/,
    ],
    ['not-a-volume', disk({ volume: null }), /not a volume of an active storage pool.*cannot/i],
  ] as const)('keeps a disk for reason %s, saying why', (keep, facts, reason) => {
    const d = planDisk(facts);
    expect(d.keep).toBe(keep);
    expect(d.reason).toMatch(reason);
  });

  it('names the other VMs using a volume in usedBy', () => {
    const d = planDisk(disk({ otherUsers: [{ vmId: 'u2', vmName: 'db-01' }] }));
    expect(d.usedBy).toEqual([{ vmId: 'u2', vmName: 'db-01' }]);
  });

  it('plans every disk of the VM in order', () => {
    const plan = deletePlan({ id: 'u1', name: 'web' }, [
      disk(),
      disk({ target: 'sda', device: 'cdrom', source: '/isos/debian.iso', volume: null }),
    ]);
    expect(plan.vmName).toBe('web');
    expect(plan.disks.map((d) => [d.target, d.keep])).toEqual([
      ['vda', null],
      ['sda', 'media'],
    ]);
  });
});

describe('checkDeleteChoice', () => {
  const facts = [
    disk(),
    disk({ target: 'vdb', source: '/var/lib/libvirt/images/data.raw', volume: vol('data.raw') }),
    disk({
      target: 'vdc',
      source: '/var/lib/libvirt/images/shared.raw',
      volume: vol('shared.raw'),
      otherUsers: [{ vmId: 'u2', vmName: 'db-01' }],
    }),
  ];

  it('returns the volumes of the chosen deletable disks', () => {
    const out = checkDeleteChoice('web', facts, [
      { target: 'vdb', source: '/var/lib/libvirt/images/data.raw' },
    ]);
    expect(out.map((v) => v.name)).toEqual(['data.raw']);
    expect(checkDeleteChoice('web', facts, [])).toEqual([]);
  });

  it('refuses the whole request when one chosen disk is used by another VM', () => {
    const run = () =>
      checkDeleteChoice('web', facts, [
        { target: 'vda', source: '/var/lib/libvirt/images/web.qcow2' },
        { target: 'vdc', source: '/var/lib/libvirt/images/shared.raw' },
      ]);
    expect(run).toThrow(VirtdeskError);
    expect(run).toThrow(/Did not delete web: vdc .*Also used by db-01.*Nothing was changed/);
  });

  it('refuses a target that is gone or now holds another source', () => {
    expect(() => checkDeleteChoice('web', facts, [{ target: 'vdz', source: '/x' }])).toThrow(
      /vdz \(\/x\) is no longer a disk of web/,
    );
    expect(() =>
      checkDeleteChoice('web', facts, [{ target: 'vda', source: '/var/lib/libvirt/images/other' }]),
    ).toThrow(/no longer a disk of web/);
  });

  it('refuses CD-ROMs, read-only and shareable disks and plain files', () => {
    for (const f of [
      disk({ device: 'cdrom' }),
      disk({ readonly: true }),
      disk({ shareable: true }),
      disk({ volume: null }),
    ]) {
      const e = (() => {
        try {
          checkDeleteChoice('web', [f], [{ target: 'vda', source: f.source ?? '' }]);
          return null;
        } catch (err) {
          return err;
        }
      })();
      expect(e).toMatchObject({ code: 'CONFLICT' });
    }
  });

  it('deletes a volume named twice once', () => {
    const twice = [disk(), disk({ target: 'vdb' })];
    const out = checkDeleteChoice('web', twice, [
      { target: 'vda', source: '/var/lib/libvirt/images/web.qcow2' },
      { target: 'vdb', source: '/var/lib/libvirt/images/web.qcow2' },
    ]);
    expect(out).toHaveLength(1);
  });
});

describe('labels and leftovers', () => {
  it('says what the button does', () => {
    expect(deleteActionLabel(0)).toBe('Delete VM');
    expect(deleteActionLabel(1)).toBe('Delete VM and 1 disk');
    expect(deleteActionLabel(2)).toBe('Delete VM and 2 disks');
  });

  it('names each volume that remains after the VM went', () => {
    const e = leftoverError('web', [
      { volume: vol('a.qcow2'), error: 'permission denied' },
      { volume: vol('b.qcow2'), error: 'busy' },
    ]);
    expect(e.code).toBe('HOST_ERROR');
    expect(e.message).toBe(
      'web was deleted, but these volumes could not be: default/a.qcow2 (permission denied); ' +
        'default/b.qcow2 (busy). They remain in their pools; delete or keep them in the Storage view.',
    );
  });
});
