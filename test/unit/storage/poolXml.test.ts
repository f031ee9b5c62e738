// The pool XML each Define pool form produces has the shape of libvirt's own test documents for
// that type: parsed with the same view, the fields match (sizes and uuid aside, which libvirt
// fills in on define).
import { describe, expect, it } from 'vitest';
import type { PoolView } from '../../../src/shared/libvirt-xml';
import { findElement, getAttr, parseXml, readPool } from '../../../src/shared/libvirt-xml';
import type { PoolSpec } from '../../../src/shared/model';
import { checkPoolSpec, cleanPath } from '../../../src/shared/storage';
import { poolSpecXml } from '../../../src/shared/storageXml';
import { parseFixture } from '../libvirt-xml/fixtures';

function shape(v: PoolView) {
  return {
    type: v.type,
    name: v.name,
    targetPath: v.targetPath === undefined ? undefined : cleanPath(v.targetPath),
    sourceHosts: v.sourceHosts,
    sourceDir: v.sourceDir,
    sourceDevices: v.sourceDevices,
    // libvirt names a volume group after the pool when <source><name> is left out.
    sourceName: v.type === 'logical' ? (v.sourceName ?? v.name) : v.sourceName,
    sourceFormat: v.sourceFormat,
  };
}

function produced(spec: PoolSpec) {
  const xml = poolSpecXml(spec);
  return { xml, view: readPool(parseXml(xml, { root: 'pool' })) };
}

describe('pool XML per type', () => {
  it('dir: pool-dir.xml', () => {
    const fixture = readPool(parseFixture('pool/pool-dir.xml', 'pool'));
    const { xml, view } = produced({
      type: 'dir',
      name: 'virtimages',
      path: '///var/////lib/libvirt/images//',
    });
    expect(shape(view)).toEqual(shape(fixture));
    expect(xml).toBe(
      "<pool type='dir'>\n  <name>virtimages</name>\n  <source/>\n  <target>\n" +
        '    <path>/var/lib/libvirt/images</path>\n  </target>\n</pool>\n',
    );
  });

  it('logical: pool-logical-create.xml (devices) and pool-logical-noname.xml (VG, lvm2)', () => {
    const spec: PoolSpec = {
      type: 'logical',
      name: 'HostVG',
      vgName: 'HostVG',
      devices: ['/dev/sdb1', '/dev/sdb2', '/dev/sdb3'],
    };
    const { view } = produced(spec);
    const create = readPool(parseFixture('pool/pool-logical-create.xml', 'pool'));
    expect({ ...shape(view), sourceFormat: undefined }).toEqual(shape(create));
    const noname = readPool(parseFixture('pool/pool-logical-noname.xml', 'pool'));
    const zily = produced({ ...spec, name: 'zily', vgName: 'zily' }).view;
    expect({ ...shape(zily), sourceDevices: [], name: undefined }).toEqual(shape(noname));
  });

  it('netfs: pool-netfs.xml', () => {
    const fixture = readPool(parseFixture('pool/pool-netfs.xml', 'pool'));
    const { view } = produced({
      type: 'netfs',
      name: 'nfsimages',
      host: 'localhost',
      exportPath: '/var/lib/libvirt/images',
      targetPath: '/mnt',
    });
    expect(shape(view)).toEqual(shape(fixture));
  });

  it('rbd: pool-rbd.xml, with its cephx auth', () => {
    const doc = parseFixture('pool/pool-rbd.xml', 'pool');
    const spec: PoolSpec = {
      type: 'rbd',
      name: 'ceph',
      monitorHosts: ['localhost:6789', 'localhost:6790'],
      rbdPool: 'rbd',
      authUser: 'admin',
      secretUuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87',
    };
    const { xml, view } = produced(spec);
    expect(shape(view)).toEqual(shape(readPool(doc)));
    const auth = (d: ReturnType<typeof parseXml>) => {
      const a = findElement(d.root, 'source/auth')!;
      return [
        getAttr(a, 'type'),
        getAttr(a, 'username'),
        getAttr(findElement(a, 'secret')!, 'uuid'),
      ];
    };
    expect(auth(parseXml(xml))).toEqual(auth(doc));
    expect(view.targetPath).toBeUndefined();
  });

  it('escapes what it writes and adds the uuid libvirt assigns', () => {
    const xml = poolSpecXml(
      { type: 'dir', name: 'p', path: "/srv/a'b&c" },
      { uuid: '11111111-2222-4333-8444-555555555555' },
    );
    expect(readPool(parseXml(xml))).toMatchObject({
      targetPath: "/srv/a'b&c",
      uuid: '11111111-2222-4333-8444-555555555555',
    });
  });
});

describe('checkPoolSpec', () => {
  it('accepts the fixtures’ values', () => {
    expect(
      checkPoolSpec({ type: 'dir', name: 'virtimages', path: '/var/lib/libvirt/images' }),
    ).toEqual({});
    expect(
      checkPoolSpec({
        type: 'rbd',
        name: 'ceph',
        monitorHosts: ['mon1.lan', '10.0.0.5:6789', '[2001:db8::1]:6789'],
        rbdPool: 'rbd',
        authUser: 'libvirt',
        secretUuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87',
      }),
    ).toEqual({});
  });

  it('names every bad field', () => {
    expect(checkPoolSpec({ type: 'dir', name: 'a b', path: 'relative/x' })).toEqual({
      name: expect.stringMatching(/Pool name may not contain/),
      path: 'Target path must be absolute (start with /).',
    });
    expect(
      checkPoolSpec({ type: 'logical', name: 'vg', vgName: '', devices: ['/dev/sdb', '/dev/sdb'] }),
    ).toEqual({ vgName: 'Volume group is required.', devices: 'A device is listed twice.' });
    expect(
      checkPoolSpec({
        type: 'netfs',
        name: 'n',
        host: 'nas;reboot',
        exportPath: '/export/../etc',
        targetPath: '/mnt',
      }),
    ).toEqual({
      host: 'Server must be a host name or an IP address.',
      exportPath: "Export path may not contain '..'.",
    });
    expect(
      checkPoolSpec({
        type: 'rbd',
        name: 'c',
        monitorHosts: [],
        rbdPool: 'rbd',
        authUser: 'admin',
        secretUuid: 'nope',
      }),
    ).toEqual({
      monitorHosts: 'At least one monitor is required.',
      secretUuid: 'Secret must be a libvirt secret UUID.',
    });
  });
});
