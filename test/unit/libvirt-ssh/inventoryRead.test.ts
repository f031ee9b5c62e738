// A whole inventory against virsh replies captured on the testbed: two round trips however many
// domains, the same records as reading each domain on its own, and unchanged XML parsed once.
import { describe, expect, it } from 'vitest';
import { DocCache } from '../../../src/main/drivers/libvirt-ssh/docCache';
import type { Virsh } from '../../../src/main/drivers/libvirt-ssh/domain';
import {
  DOCS_CHUNK,
  domainDocsRead,
  domainRead,
} from '../../../src/main/drivers/libvirt-ssh/domainRead';
import { SCAN_LINES } from '../../../src/main/drivers/libvirt-ssh/domainScan';
import { inventoryRead } from '../../../src/main/drivers/libvirt-ssh/inventory';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';
import type { DomainRecord, RuntimeFacts } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import { VirtdeskError } from '../../../src/shared/errors';
import { CAPTURED, HOSTILE_NAME, IDS, transcriptVirsh } from './transcript';

const all = Object.values(IDS).filter((id) => id !== IDS.missing);
const views = (m: Map<string, DomainRecord | null>) =>
  new Map([...m].map(([id, r]) => [id, r && r.view]));

describe('inventoryRead', () => {
  it('reads every domain in two round trips, live XML only for the active ones', async () => {
    const virsh = transcriptVirsh();
    const records = await inventoryRead({ virsh, hostId: 'tb' });
    expect(virsh.batches).toHaveLength(2);
    expect(virsh.batches[0]).toEqual(SCAN_LINES);
    const live = virsh.batches[1]!.filter((l) => l.startsWith('dumpxml') && !/--inactive/.test(l));
    expect(live).toEqual([`dumpxml --domain '${IDS.transient}'`]);
    expect([...records.keys()].sort()).toEqual([...all].sort());

    const tiny = records.get(IDS.tiny)!;
    expect(tiny.view).toMatchObject({
      name: 'vd-tiny',
      state: 'shutoff',
      persistent: true,
      autostart: false,
      disks: [{ target: 'vda', capacityBytes: 64 * 1024 * 1024 }],
    });
    expect(tiny.live).toBeNull();
    const transient = records.get(IDS.transient)!;
    expect(transient.view).toMatchObject({ state: 'running', persistent: false });
    expect(transient.live).not.toBeNull();
    expect(transient.view.disks.map((d) => d.capacityBytes)).toEqual([10485760, null]);
    expect(records.get(IDS.autostart)!.view.autostart).toBe(true);
    expect(records.get(IDS.hostile)!.view).toMatchObject({
      name: HOSTILE_NAME,
      disks: [{ target: 'hdc' }, { target: 'vdb', capacityBytes: null }],
    });
  });

  it('with the records already held, costs the scan alone when nothing changed', async () => {
    const docs = new DocCache();
    const first = await inventoryRead({ virsh: transcriptVirsh(), hostId: 'tb', docs });
    const virsh = transcriptVirsh();
    const again = await inventoryRead({
      virsh,
      hostId: 'tb',
      docs,
      known: (id) => first.get(id) ?? undefined,
    });
    expect(virsh.batches).toEqual([[...SCAN_LINES]]);
    expect(views(again)).toEqual(views(first));
  });

  it('fetches the documents of a domain whose cheap facts moved, and of a new one', async () => {
    const first = await inventoryRead({ virsh: transcriptVirsh(), hostId: 'tb' });
    // vd-tiny was started meanwhile (the scan says running), and vd-autostart is not known yet.
    const started = {
      ...CAPTURED,
      'domstats --raw --state --block': {
        stdout: CAPTURED['domstats --raw --state --block']!.stdout.replace(
          /(Domain: 'vd-tiny'\n\s+state\.state=)5/,
          '$11',
        ),
        stderr: '',
      },
      [`dumpxml --domain '${IDS.tiny}'`]: CAPTURED[`dumpxml --domain '${IDS.tiny}' --inactive`]!,
    };
    const virsh = transcriptVirsh(started);
    const again = await inventoryRead({
      virsh,
      hostId: 'tb',
      known: (id) => (id === IDS.autostart ? undefined : (first.get(id) ?? undefined)),
    });
    expect(virsh.batches).toHaveLength(2);
    expect([...virsh.batches[1]!].sort()).toEqual(
      [
        `dumpxml --domain '${IDS.autostart}' --inactive`,
        `dumpxml --domain '${IDS.tiny}' --inactive`,
        `dumpxml --domain '${IDS.tiny}'`,
      ].sort(),
    );
    expect(again.get(IDS.tiny)!.view.state).toBe('running');
  });

  it('gives the same records as reading each domain on its own', async () => {
    const bulk = await inventoryRead({ virsh: transcriptVirsh(), hostId: 'tb' });
    const each = await domainRead({ virsh: transcriptVirsh(), hostId: 'tb', ids: all });
    expect(views(bulk)).toEqual(views(each));
  });

  it('parses a document again only when its text changed', async () => {
    const docs = new DocCache();
    const virsh = transcriptVirsh();
    const first = await inventoryRead({ virsh, hostId: 'tb', docs });
    expect(docs.parsed).toBe(6); // five persistent documents, one live
    const again = await inventoryRead({ virsh, hostId: 'tb', docs });
    expect(docs.parsed).toBe(6);
    expect(again.get(IDS.tiny)!.config).toBe(first.get(IDS.tiny)!.config);

    const line = `dumpxml --domain '${IDS.tiny}' --inactive`;
    const changed = CAPTURED[line]!.stdout.replace(
      "<vcpu placement='static'>1",
      "<vcpu placement='static'>2",
    );
    const edited = transcriptVirsh({ ...CAPTURED, [line]: { stdout: changed, stderr: '' } });
    const third = await inventoryRead({ virsh: edited, hostId: 'tb', docs });
    expect(docs.parsed).toBe(7);
    expect(third.get(IDS.tiny)!.view.vcpus).toBe(2);
  });

  it('reads a domain the host-wide replies disagree on by itself, in a third round trip', async () => {
    const stats = 'domstats --raw --state --block';
    const virsh = transcriptVirsh({
      ...CAPTURED,
      [stats]: {
        stdout: CAPTURED[stats]!.stdout.replace(/Domain: 'vd-tiny'\n(?: {2}.*\n)*/, ''),
        stderr: '',
      },
    });
    const records = await inventoryRead({ virsh, hostId: 'tb' });
    expect(virsh.batches).toHaveLength(3);
    expect(virsh.batches[2]![0]).toBe(`dominfo --domain '${IDS.tiny}'`);
    expect(records.get(IDS.tiny)!.view).toMatchObject({
      state: 'shutoff',
      disks: [{ capacityBytes: 64 * 1024 * 1024 }],
    });
  });
});

describe('domainDocsRead', () => {
  const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const facts = new Map<string, RuntimeFacts>(
    Array.from({ length: 2 * DOCS_CHUNK + 10 }, (_, i) => [
      uuid(i),
      {
        state: i === 0 ? 'running' : 'shutoff',
        persistent: true,
        autostart: false,
        capacities: new Map(),
      },
    ]),
  );
  /** A session whose batches are answered only when the test says so. */
  function heldVirsh() {
    const calls: { lines: string[]; resolve(r: VirshResult[]): void; reject(e: Error): void }[] =
      [];
    const virsh: Virsh = {
      batch: (lines) =>
        new Promise((resolve, reject) => calls.push({ lines: [...lines], resolve, reject })),
      call: () => Promise.reject(new Error('unused')),
    };
    return { virsh, calls };
  }
  const xmlFor = (line: string): VirshResult => {
    const id = /'([0-9a-f-]{36})'/.exec(line)![1]!;
    return {
      ok: true,
      stdout: `<domain type='qemu'><name>d-${id.slice(-3)}</name><uuid>${id}</uuid></domain>`,
    };
  };

  it('writes every batch at once, and builds records as each one is answered', async () => {
    const { virsh, calls } = heldVirsh();
    const read = domainDocsRead({ virsh, hostId: 'tb', facts });
    // All written before any answer: one round trip. The running domain also needs its live XML.
    expect(calls.map((c) => c.lines.length)).toEqual([DOCS_CHUNK + 1, DOCS_CHUNK, 10]);
    for (const c of calls) c.resolve(c.lines.map(xmlFor));
    const records = await read;
    expect(records.size).toBe(facts.size);
    expect(records.get(uuid(0))!.live).not.toBeNull();
    expect(records.get(uuid(59))!.view).toMatchObject({ name: 'd-059', state: 'shutoff' });
  });

  it('fails with the session, leaving no rejection unhandled', async () => {
    const { virsh, calls } = heldVirsh();
    const read = domainDocsRead({ virsh, hostId: 'tb', facts });
    const gone = new VirtdeskError('DISCONNECTED', 'gone');
    for (const c of calls) c.reject(gone);
    await expect(read).rejects.toBe(gone);
  });
});

describe('domainRead', () => {
  it('maps a domain that does not exist to null', async () => {
    const read = await domainRead({
      virsh: transcriptVirsh(),
      hostId: 'tb',
      ids: [IDS.missing, IDS.tiny],
    });
    expect(read.get(IDS.missing)).toBeNull();
    expect(read.get(IDS.tiny)!.view.disks[0]!.capacityBytes).toBe(64 * 1024 * 1024);
  });
});

describe('DocCache', () => {
  it('keeps at most the documents of the domains still there', () => {
    const docs = new DocCache((text) => ({ text, facts: {} as never }));
    docs.get('a', 'config', 'A');
    docs.get('a', 'live', 'A live');
    docs.get('b', 'config', 'B');
    expect(docs.get('a', 'config', 'A')).toBe(docs.get('a', 'config', 'A'));
    expect(docs.parsed).toBe(3);
    docs.forget('a', 'live');
    expect(docs.size).toBe(2);
    docs.retain(new Set(['b']));
    expect(docs.size).toBe(1);
    docs.get('b', 'config', 'B2');
    expect(docs.parsed).toBe(4);
  });
});
