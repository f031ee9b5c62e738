import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatedHostFile } from '../../../src/main/service';
import { VirtdeskError } from '../../../src/shared/errors';
import { MAX_XML_BYTES } from '../../../src/shared/libvirt-xml';
import type { Opened } from './helpers';
import { open, tempDir, vmId } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

async function refusal(p: Promise<unknown>): Promise<VirtdeskError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  return e as VirtdeskError;
}

async function nextcloud(o: Opened) {
  return { hostId: 'sim1', vmId: await vmId(o, 'sim1', 'nextcloud') };
}

describe('vmGetXml and vmDefineXml through the service', () => {
  it('routes to the driver and announces the change', async () => {
    const o = await open(dir);
    const ref = await nextcloud(o);
    const { xml, liveXml } = await o.call('vmGetXml', ref);
    expect(liveXml).toBe(xml);
    const edited = xml.replace('<title>Nextcloud</title>', '<title>Nextcloud (prod)</title>');
    const result = await o.call('vmDefineXml', { ...ref, xml: edited });
    expect(result).toMatchObject({ appliesOnNextBoot: true, vm: { pendingChanges: true } });
    // Running: the list keeps showing the live title until the next start.
    expect(result.vm.title).toBe('Nextcloud');
    expect(o.events).toEqual([{ type: 'vm-changed', vm: result.vm }]);
    expect(await o.call('vmGetXml', ref)).toEqual({ xml: edited, liveXml: xml });
    await o.service.close();
  });

  it.each([
    ['no xml', {}],
    ['empty xml', { xml: '' }],
    ['xml that is not text', { xml: 42 }],
    ['xml over the size limit', { xml: 'x'.repeat(MAX_XML_BYTES + 1) }],
    ['extra keys', { xml: '<domain/>', flags: 'live' }],
  ])('refuses %s at the boundary', async (_what, extra) => {
    const o = await open(dir);
    const ref = await nextcloud(o);
    const e = await refusal(o.service.dispatch('vmDefineXml', { ...ref, ...extra }));
    expect(e.code).toBe('INVALID_INPUT');
    await o.service.close();
  });

  it('leaves state, XML and the file on disk untouched by every refused define', async () => {
    await (await open(dir)).service.close();
    const file = simulatedHostFile(dir, 'sim1');
    const onDisk = await readFile(file, 'utf8');

    const o = await open(dir);
    const ref = await nextcloud(o);
    const before = { vm: await o.call('vmGet', ref), xml: await o.call('vmGetXml', ref) };
    const { xml } = before.xml;
    const refused = [
      xml.replace('</memory>', '</memroy>'),
      '<network><name>default</name></network>',
      `<!DOCTYPE domain>\n${xml}`,
      xml.replace('<name>nextcloud</name>', '<name>owncloud</name>'),
      xml.replace(ref.vmId, '00000000-0000-4000-8000-000000000000'),
      xml.replace(/<vcpu placement='static'>\d+<\/vcpu>/, "<vcpu placement='static'>0</vcpu>"),
    ];
    for (const bad of refused) {
      await refusal(o.call('vmDefineXml', { ...ref, xml: bad }));
    }
    expect(await o.call('vmGet', ref)).toEqual(before.vm);
    expect(await o.call('vmGetXml', ref)).toEqual(before.xml);
    expect(o.events).toEqual([]);
    await o.service.close();
    expect(await readFile(file, 'utf8')).toBe(onDisk);
  });

  it('gives NOT_FOUND for an unknown host or VM', async () => {
    const o = await open(dir);
    const ref = await nextcloud(o);
    const { xml } = await o.call('vmGetXml', ref);
    expect((await refusal(o.service.dispatch('vmGetXml', { ...ref, hostId: 'sim9' }))).code).toBe(
      'NOT_FOUND',
    );
    const e = await refusal(o.service.dispatch('vmDefineXml', { ...ref, vmId: 'nope', xml }));
    expect(e.code).toBe('NOT_FOUND');
    await o.service.close();
  });
});
