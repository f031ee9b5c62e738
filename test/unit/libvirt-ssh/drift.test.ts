// When the cached documents of a domain are stale, judged from domstats facts alone (no event
// comes for `setmem --config` on a shut-off domain, checked on the testbed), and which libvirt
// events send the driver back for a domain's XML.
import { describe, expect, it } from 'vitest';
import { parseDomainDoc } from '../../../src/main/drivers/common/domainDoc';
import type { DriftRecords } from '../../../src/main/drivers/libvirt-ssh/drift';
import { DriftWatch, configDrifted, docsStale } from '../../../src/main/drivers/libvirt-ssh/drift';
import { changesDomain } from '../../../src/main/drivers/libvirt-ssh/hostSession';
import type { DomstatsBlock } from '../../../src/main/drivers/libvirt-ssh/domstats';
import { parseDomstats } from '../../../src/main/drivers/libvirt-ssh/domstats';
import type { RuntimeFacts } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import { makeRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import type { VmState } from '../../../src/shared/model';

const ID = '62f19fc7-ff91-45ad-820b-430d377f06eb';
const xml = `<domain type='qemu'><name>vd-tiny</name><uuid>${ID}</uuid>
  <memory unit='KiB'>262144</memory><currentMemory unit='KiB'>262144</currentMemory><vcpu>1</vcpu>
  <devices><disk type='file' device='disk'><source file='/p/vd-tiny.qcow2'/><target dev='vda' bus='virtio'/></disk></devices>
</domain>`;
const doc = parseDomainDoc(xml).doc;
const facts = (state: VmState, persistent = true): RuntimeFacts => ({
  state,
  persistent,
  autostart: false,
  capacities: new Map(),
});
const record = (state: VmState) =>
  makeRecord('h', {
    id: ID,
    ...facts(state),
    config: doc,
    live: state === 'shutoff' ? null : doc,
  });

/** The block `virsh domstats --raw --state --block --balloon vd-tiny` prints, edited. */
function block(edit: (lines: string[]) => string[] = (l) => l): DomstatsBlock {
  const lines = [
    'state.state=5',
    'balloon.current=262144',
    'balloon.maximum=262144',
    'block.count=1',
    'block.0.name=vda',
    'block.0.path=/p/vd-tiny.qcow2',
  ];
  const text = `Domain: 'vd-tiny'\n${edit(lines)
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  return parseDomstats(text).get('vd-tiny')!;
}

describe('docsStale', () => {
  it('is false when every fact agrees with the documents', () => {
    expect(docsStale(record('shutoff'), facts('shutoff'), block())).toBe(false);
    expect(docsStale(record('running'), facts('paused'), block())).toBe(false);
  });

  it('is true when the domain started or stopped, or changed persistence', () => {
    expect(docsStale(record('shutoff'), facts('running'), block())).toBe(true);
    expect(docsStale(record('running'), facts('shutoff'), block())).toBe(true);
    expect(docsStale(record('running'), facts('running', false), block())).toBe(true);
  });

  it('is true when the disk targets differ (attached or detached without an event heard)', () => {
    const attached = block((l) => [
      ...l.filter((x) => !x.startsWith('block.count')),
      'block.count=2',
      'block.1.name=vdb',
    ]);
    expect(docsStale(record('shutoff'), facts('shutoff'), attached)).toBe(true);
  });

  it('is true when a shut-off domain’s memory was changed with --config', () => {
    const setmem = block((l) => l.map((x) => x.replace('current=262144', 'current=204800')));
    const setmaxmem = block((l) => l.map((x) => x.replace('maximum=262144', 'maximum=524288')));
    expect(docsStale(record('shutoff'), facts('shutoff'), setmem)).toBe(true);
    expect(configDrifted(record('shutoff'), setmem)).toBe(true);
    expect(configDrifted(record('shutoff'), setmaxmem)).toBe(true);
  });

  it('does not judge a running domain by its balloon, which moves with the guest', () => {
    const ballooned = block((l) => l.map((x) => x.replace('current=262144', 'current=131072')));
    expect(configDrifted(record('running'), ballooned)).toBe(false);
  });
});

describe('changesDomain', () => {
  it('re-reads after events that change the XML or state, not after the others', () => {
    for (const t of ['lifecycle', 'device-added', 'metadata-change', 'tunable', 'job-completed'])
      expect(changesDomain(t)).toBe(true);
    for (const t of ['rtc-change', 'watchdog', 'io-error', 'migration-iteration', 'reboot'])
      expect(changesDomain(t)).toBe(false);
  });
});

describe('DriftWatch (the stats ticks’ `domstats --balloon --list-inactive` reply)', () => {
  /** The reply for vd-tiny (shut off) and a domain the inventory does not hold. */
  const reply = (current: number, max = 262144) =>
    `Domain: 'vd-tiny'\n  balloon.current=${current}\n  balloon.maximum=${max}\n\n` +
    `Domain: 'not-held'\n  balloon.current=1\n  balloon.maximum=1\n\n`;
  function watch(state: VmState = 'shutoff') {
    const records = { generation: 0, rec: record(state) };
    const inventory: DriftRecords = {
      get generation() {
        return records.generation;
      },
      idByName: (name) => (name === 'vd-tiny' ? ID : undefined),
      get: (id) => (id === ID ? records.rec : undefined),
    };
    const stale: string[] = [];
    return { records, stale, drift: new DriftWatch(inventory, (id) => stale.push(id)) };
  }

  it('asks for a shut-off domain whose memory moved (setmem/setmaxmem --config, no event)', () => {
    const { stale, drift } = watch();
    expect(drift.check(reply(262144))).toBe(true);
    expect(stale).toEqual([]);
    expect(drift.check(reply(204800))).toBe(true);
    expect(drift.check(reply(262144, 327680))).toBe(true);
    expect(stale).toEqual([ID, ID]);
  });

  it('never asks for a running domain (the balloon is live, the document is the config)', () => {
    const { stale, drift } = watch('running');
    drift.check(reply(204800));
    expect(stale).toEqual([]);
  });

  it('skips a reply the same as last time while no record changed, and checks it after one did', () => {
    const { records, stale, drift } = watch();
    expect(drift.check(reply(204800))).toBe(true);
    expect(drift.check(reply(204800))).toBe(false);
    expect(stale).toEqual([ID]);
    // The re-read came back (still drifted: the host changed again meanwhile): checked again.
    records.generation++;
    expect(drift.check(reply(204800))).toBe(true);
    expect(stale).toEqual([ID, ID]);
    // Another reply is always checked.
    expect(drift.check(reply(262144))).toBe(true);
  });
});
