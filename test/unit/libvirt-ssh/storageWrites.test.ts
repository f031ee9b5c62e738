// The pool-definition checks and the attach helpers of the libvirt-ssh storage (storageWrites.ts):
// the simulated host's messages, without a host.
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../../src/shared/model';
import {
  hasVirtioScsi,
  poolDefineXml,
  sourceTypeOf,
} from '../../../src/main/drivers/libvirt-ssh/storageWrites';

const pool = (over: Partial<Pool>): Pool => ({
  hostId: 'h',
  name: 'p',
  uuid: '',
  type: 'dir',
  state: 'active',
  autostart: false,
  capacityBytes: 0,
  allocationBytes: 0,
  availableBytes: 0,
  targetPath: '/srv/p',
  source: {},
  ...over,
});

describe('poolDefineXml', () => {
  it('builds the dir pool XML with a clean target path', () => {
    const xml = poolDefineXml({ type: 'dir', name: 'new', path: '/srv//new/' }, []);
    expect(xml).toContain("<pool type='dir'>");
    expect(xml).toContain('<path>/srv/new</path>');
  });

  it('refuses a bad spec, a taken name and a shared target path', () => {
    expect(() => poolDefineXml({ type: 'dir', name: 'new', path: 'rel' }, [])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'spec.path' }),
    );
    expect(() => poolDefineXml({ type: 'dir', name: 'p', path: '/x' }, [pool({})])).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: 'A pool named p already exists.' }),
    );
    expect(() => poolDefineXml({ type: 'dir', name: 'q', path: '/srv/p/' }, [pool({})])).toThrow(
      expect.objectContaining({
        message: 'Storage source conflict with pool p: it uses the same target path.',
      }),
    );
  });
});

describe('attach helpers', () => {
  it('names the disk type of each pool type', () => {
    expect(sourceTypeOf('dir')).toBe('file');
    expect(sourceTypeOf('logical')).toBe('block');
    expect(sourceTypeOf('rbd')).toBe('network');
  });

  it('finds a virtio-scsi controller only', () => {
    const doc = (c: string) => ({
      text: `<domain><devices>${c}</devices></domain>`,
      facts: {} as never,
    });
    expect(hasVirtioScsi(doc("<controller type='scsi' model='virtio-scsi'/>"))).toBe(true);
    expect(hasVirtioScsi(doc("<controller type='scsi' model='lsilogic'/>"))).toBe(false);
  });
});
