// Incremental inventory on the real testbed: after the first full read, a domain's XML is read
// again only when something says it changed (an event, a domstats fact that moved), never on a
// stats tick or a resync that finds the host as it was; a domain defined while virtdesk was
// disconnected appears after the reconnect. Counts the dumpxml commands the session sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import type { Vm } from '../../../src/shared/model';
import { hostVirsh } from '../../../bench/support/hostVirsh';
import { killPids, ourSshdPids } from '../../support/sshdPids';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';
import { connectKeyDriver } from '../../support/testbedDriver';

const NEW_NAME = 'vd-incremental-new';
let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let cleanupHome: () => void;
let offStats: () => void;
const virsh = (...args: string[]) => hostVirsh(tb.libvirt.system, ...args);
const tiny = async (): Promise<Vm> => {
  const vm = (await driver.vmList()).find((v) => v.name === tb.guest.name);
  if (!vm) throw new Error(`${tb.guest.name} is not listed`);
  return vm;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  tb = requireTestbed();
  await virsh('undefine', NEW_NAME).catch(() => '');
  if ((await virsh('domstate', tb.guest.name)) !== 'shut off') {
    await virsh('destroy', tb.guest.name);
  }
  ({ driver, cleanupHome } = await connectKeyDriver(tb, { waitForEvents: true }));
  // The app always listens to stats; the drift check rides on the ticks.
  offStats = driver.onStats(() => {});
});

afterAll(async () => {
  offStats?.();
  await driver?.close();
  cleanupHome?.();
  await virsh('undefine', NEW_NAME).catch(() => '');
  await virsh('setmaxmem', tb.guest.name, '262144', '--config').catch(() => '');
  await virsh('setmem', tb.guest.name, '262144', '--config').catch(() => '');
  await virsh('desc', tb.guest.name, '--config', '').catch(() => '');
});

describe('libvirt-ssh: incremental inventory', () => {
  it('reads no XML when nothing changed: stats ticks and a resync cost no dumpxml', async () => {
    await sleep(500); // the resync after subscribing has run
    const before = driver.commandsSent('dumpxml');
    const ticks = driver.commandsSent('domstats');
    await driver.resync();
    await driver.resync();
    await waitUntil(() => driver.commandsSent('domstats') >= ticks + 4, 15_000, 'two stats ticks');
    expect(driver.commandsSent('dumpxml')).toBe(before);
  });

  it('shows a description set on the host (metadata-change), reading only that domain', async () => {
    const before = driver.commandsSent('dumpxml');
    const text = `set on the host ${Date.now()}`;
    await virsh('desc', tb.guest.name, '--config', text);
    await waitUntil(async () => (await tiny()).description === text, 10_000, 'description');
    expect(driver.commandsSent('dumpxml') - before).toBeLessThanOrEqual(2);
  });

  it('shows memory changed with setmaxmem/setmem --config, which send no event', async () => {
    const before = driver.commandsSent('dumpxml');
    await virsh('setmaxmem', tb.guest.name, '327680', '--config');
    // Shut-off domains come with every DRIFT_EVERY_TICKS-th stats tick (15 s).
    await waitUntil(async () => (await tiny()).memoryKiB === 327680, 40_000, 'memory (domstats)');
    // The balloon target alone (not shown in the list) is also noticed: the XML is read again.
    const read = driver.commandsSent('dumpxml');
    expect(read).toBeGreaterThan(before);
    await virsh('setmem', tb.guest.name, '204800', '--config');
    await waitUntil(() => driver.commandsSent('dumpxml') > read, 40_000, 'setmem noticed');
  });

  it('lists a domain defined while disconnected once the connection is back', async () => {
    killPids(await ourSshdPids(tb), 'SIGTERM');
    await waitUntil(() => driver.getHost().connection !== 'connected', 10_000, 'disconnected');
    const template = (await virsh('dumpxml', '--inactive', tb.guest.name))
      .replace(/<uuid>[^<]*<\/uuid>/, '')
      .replace(/<name>[^<]*<\/name>/, `<name>${NEW_NAME}</name>`)
      .replace(/<disk\b[\s\S]*?<\/disk>\s*/g, '')
      .replace(/<mac address=[^>]*\/>/g, '');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'vd-incr-')), 'new.xml');
    writeFileSync(file, template);
    await virsh('define', file);
    await waitUntil(() => driver.getHost().connection === 'connected', 30_000, 'reconnected');
    await waitUntil(
      async () => (await driver.vmList()).some((v) => v.name === NEW_NAME),
      10_000,
      'the new domain listed',
    );
    // The reconnect fetched documents for the new domain, not for every domain again.
    expect(driver.commandsSent('dumpxml')).toBeLessThanOrEqual(2);
  });
});
