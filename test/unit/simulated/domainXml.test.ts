import { describe, expect, it } from 'vitest';
import { BOOT_MS, SHUTDOWN_MS } from '../../../src/main/drivers/simulated';
import { VirtdeskError } from '../../../src/shared/errors';
import { XmlError, parseXml, readDomain } from '../../../src/shared/libvirt-xml';
import { makeHost, reload, vmNamed } from './memoryStore';

const spec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };

async function created() {
  const ctx = makeHost();
  const vm = await ctx.host.vmCreate(spec);
  ctx.events.length = 0;
  return { ...ctx, vm, id: vm.id };
}

/** The definition with one element's text replaced, e.g. edit(xml, 'vcpu', '4'). */
function edit(xml: string, element: string, text: string): string {
  const re = new RegExp(`(<${element}\\b[^>]*>)[^<]*(</${element}>)`);
  expect(xml).toMatch(re);
  return xml.replace(re, `$1${text}$2`);
}

function withDescription(xml: string, description: string): string {
  return xml.replace('</uuid>\n', `</uuid>\n  <description>${description}</description>\n`);
}

async function refusal(p: Promise<unknown>): Promise<VirtdeskError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  return e as VirtdeskError;
}

describe('VMs kept as libvirt XML', () => {
  it('creates a VM as realistic domain XML with its name, uuid and memory', async () => {
    const { host, id } = await created();
    const { xml, liveXml } = await host.vmGetXml(id);
    expect(liveXml).toBeNull();
    expect(xml).toMatch(/^<domain type='kvm'>\n {2}<name>web-01<\/name>\n/);
    expect(xml).toContain(`<uuid>${id}</uuid>`);
    expect(xml).toContain("<memory unit='KiB'>2097152</memory>");
    expect(xml).toContain("<vcpu placement='static'>2</vcpu>");
    expect(xml).toContain("<source file='/var/lib/libvirt/images/web-01.qcow2'/>");
    expect(xml).toContain("<driver name='qemu' type='qcow2' cache='none' io='native'");
    expect(xml).toContain("<target type='virtio' name='org.qemu.guest_agent.0'/>");
    const view = readDomain(parseXml(xml, { root: 'domain' }));
    expect(view).toMatchObject({ type: 'kvm', os: { type: 'hvm', arch: 'x86_64' } });
    expect(view.os?.machine).toMatch(/q35/);
    expect(view.cpu?.mode).toBe('host-passthrough');
    expect(view.emulator).toBe('/usr/bin/qemu-system-x86_64');
    expect(view.serials).toHaveLength(1);
    expect(view.memballoon?.model).toBe('virtio');
  });

  it('copies the definition into a live one on start and drops it at power-off', async () => {
    const { host, clock, id } = await created();
    const { xml } = await host.vmGetXml(id);
    await host.vmStart(id);
    expect(await host.vmGetXml(id)).toEqual({ xml, liveXml: xml });
    clock.advance(BOOT_MS);
    await host.vmShutdown(id);
    clock.advance(SHUTDOWN_MS);
    expect(await host.vmGetXml(id)).toEqual({ xml, liveXml: null });
  });
});

describe('vmDefineXml', () => {
  it('applies a new description to a shut-off VM now, and says so', async () => {
    const { host, store, events, id } = await created();
    const { xml } = await host.vmGetXml(id);
    const result = await host.vmDefineXml(id, withDescription(xml, 'web &amp; cache'));
    expect(result.appliesOnNextBoot).toBe(false);
    expect(result.vm).toMatchObject({ description: 'web & cache', pendingChanges: false });
    expect(await host.vmGet(id)).toEqual(result.vm);
    expect(events).toEqual([{ type: 'vm-changed', vm: result.vm }]);
    expect(store.last!.vms.find((v) => v.id === id)!.config).toContain('web &amp; cache');
  });

  it('leaves a running VM on its live definition until it is started afresh', async () => {
    const { host, clock, id } = await created();
    await host.vmStart(id);
    clock.advance(BOOT_MS);
    const { xml } = await host.vmGetXml(id);
    const bigger = edit(edit(xml, 'vcpu', '4'), 'memory', '4194304');

    const result = await host.vmDefineXml(id, bigger);
    expect(result.appliesOnNextBoot).toBe(true);
    expect(result.vm).toMatchObject({ vcpus: 2, memoryKiB: 2097152, pendingChanges: true });
    expect(await host.vmGetXml(id)).toEqual({ xml: bigger, liveXml: xml });

    // A guest reboot keeps the live definition, as libvirt does.
    await host.vmReboot(id);
    clock.advance(BOOT_MS);
    expect(await host.vmGet(id)).toMatchObject({ vcpus: 2, pendingChanges: true });

    await host.vmShutdown(id);
    clock.advance(SHUTDOWN_MS);
    expect(await host.vmGet(id)).toMatchObject({
      state: 'shutoff',
      vcpus: 4,
      pendingChanges: false,
    });
    const started = await host.vmStart(id);
    expect(started).toMatchObject({ vcpus: 4, memoryKiB: 4194304, pendingChanges: false });
    expect(await host.vmGetXml(id)).toEqual({ xml: bigger, liveXml: bigger });
  });

  it('applies to a paused VM on its next start too, and forgets pending changes on force off', async () => {
    const { host, id } = await created();
    await host.vmStart(id);
    await host.vmPause(id);
    const { xml } = await host.vmGetXml(id);
    const result = await host.vmDefineXml(id, edit(xml, 'vcpu', '3'));
    expect(result).toMatchObject({
      appliesOnNextBoot: true,
      vm: { vcpus: 2, pendingChanges: true },
    });
    expect(await host.vmForceOff(id)).toMatchObject({ vcpus: 3, pendingChanges: false });
  });

  it('has no pending changes when the new definition matches the live one in substance', async () => {
    const { host, id } = await created();
    await host.vmStart(id);
    const { xml } = await host.vmGetXml(id);
    await host.vmDefineXml(id, edit(xml, 'vcpu', '3'));
    // Reverting, with other quotes and indentation: the same definition as far as libvirt goes.
    const reverted = xml.replace(/'/g, '"').replace(/\n {2}/g, '\n\t');
    expect((await host.vmDefineXml(id, reverted)).vm.pendingChanges).toBe(false);
  });

  it('keeps what it does not model, byte for byte, through define, vmGetXml and a restart', async () => {
    const { host, store, id } = await created();
    const { xml } = await host.vmGetXml(id);
    const custom = xml
      .replace(
        "<domain type='kvm'>",
        "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>",
      )
      .replace('  <name>', '  <!-- hand-tuned: ask Ana before changing -->\n  <name>')
      .replace(
        '  <on_poweroff>',
        "  <future-element flag='on'><nested>&#x41;&lt;</nested></future-element>\n  <on_poweroff>",
      )
      .replace(
        '</devices>\n',
        "</devices>\n  <qemu:commandline>\n    <qemu:arg value='-overcommit'/>\n    <qemu:arg value='cpu-pm=on'/>\n  </qemu:commandline>\n",
      );
    await host.vmDefineXml(id, custom);
    expect((await host.vmGetXml(id)).xml).toBe(custom);

    const again = makeHost({ saved: reload(store.last) });
    expect((await again.host.vmGetXml(id)).xml).toBe(custom);
  });

  it('accepts the uuid in another spelling libvirt reads as the same', async () => {
    const { host, id } = await created();
    const { xml } = await host.vmGetXml(id);
    const upper = xml.replace(id, id.toUpperCase());
    expect((await host.vmDefineXml(id, upper)).vm.id).toBe(id);
    expect((await host.vmGetXml(id)).xml).toBe(upper);
  });

  it('sizes disks from the host volumes, and knows none for a path it has no volume for', async () => {
    const { host, id } = await created();
    const { xml } = await host.vmGetXml(id);
    const moved = xml.replace('/images/web-01.qcow2', '/images/elsewhere.qcow2');
    expect((await host.vmDefineXml(id, moved)).vm.disks[0]).toMatchObject({
      source: '/var/lib/libvirt/images/elsewhere.qcow2',
      capacityBytes: null,
    });
  });

  it('keeps pending changes across a restart of the host', async () => {
    const { host, store } = makeHost();
    const pf = await vmNamed(host, 'pfsense');
    const { xml } = await host.vmGetXml(pf.id);
    await host.vmDefineXml(pf.id, edit(xml, 'vcpu', '4'));
    const again = makeHost({ saved: reload(store.last) });
    expect(await again.host.vmGet(pf.id)).toMatchObject({ vcpus: 2, pendingChanges: true });
    expect((await again.host.vmGetXml(pf.id)).liveXml).toBe(xml);
  });
});

describe('vmDefineXml refuses, and changes nothing', () => {
  const cases: [string, (xml: string, id: string) => string, string, RegExp][] = [
    [
      'malformed XML',
      (x) => x.replace('</memory>', '</memroy>'),
      'INVALID_INPUT',
      /not well-formed.*\(line \d+\)$/,
    ],
    [
      'a truncated document',
      (x) => x.slice(0, x.indexOf('  <devices>')),
      'INVALID_INPUT',
      /not well-formed: Unclosed tag 'domain'/,
    ],
    [
      'another root',
      () => '<network><name>default</name></network>',
      'INVALID_INPUT',
      /Expected a <domain> document, found <network>/,
    ],
    [
      'a DOCTYPE',
      (x) => `<!DOCTYPE domain SYSTEM "http://example.com/domain.dtd">\n${x}`,
      'INVALID_INPUT',
      /DOCTYPE declarations are not allowed \(line 1\)/,
    ],
    [
      'an entity declaration',
      (x) =>
        `<!DOCTYPE domain [<!ENTITY big "x">]>\n${x.replace('</description>', '&big;</description>')}`,
      'INVALID_INPUT',
      /Entity declarations are not allowed/,
    ],
    [
      'a rename',
      (x) => edit(x, 'name', 'web-02'),
      'CONFLICT',
      /Renaming is not supported in the XML editor/,
    ],
    ['a rename to a bad name', (x) => edit(x, 'name', 'a;b'), 'INVALID_INPUT', /may not contain ;/],
    [
      'no name',
      (x) => x.replace(/ {2}<name>.*<\/name>\n/, ''),
      'INVALID_INPUT',
      /<name> is missing/,
    ],
    [
      'a new uuid',
      (x) => edit(x, 'uuid', '00000000-0000-4000-8000-000000000000'),
      'INVALID_INPUT',
      /^The uuid must stay [0-9a-f-]{36}: defining a new uuid would create a different VM\.$/,
    ],
    ['no uuid', (x) => x.replace(/ {2}<uuid>.*<\/uuid>\n/, ''), 'INVALID_INPUT', /uuid must stay/],
    [
      '0 vcpus',
      (x) => edit(x, 'vcpu', '0'),
      'INVALID_INPUT',
      /<vcpu> must be a whole number from 1 to 32/,
    ],
    [
      'more vcpus than the host has',
      (x) => edit(x, 'vcpu', '33'),
      'INVALID_INPUT',
      /this host has 32 CPUs/,
    ],
    ['vcpus that are not a number', (x) => edit(x, 'vcpu', 'two'), 'INVALID_INPUT', /<vcpu>/],
    [
      'no memory',
      (x) => edit(x, 'memory', '0'),
      'INVALID_INPUT',
      /<memory> must be a positive size/,
    ],
    [
      'a memory unit libvirt does not know',
      (x) => x.replace("unit='KiB'>2097152</memory>", "unit='lots'>2</memory>"),
      'INVALID_INPUT',
      /<memory>/,
    ],
  ];

  it.each(cases)('%s', async (_what, spoil, code, message) => {
    const { host, store, events, id } = await created();
    await host.vmStart(id);
    const before = { vm: await host.vmGet(id), xml: await host.vmGetXml(id), saves: store.saves };
    events.length = 0;
    const e = await refusal(host.vmDefineXml(id, spoil(before.xml.xml, id)));
    expect(e).toMatchObject({ code });
    expect(e.message).toMatch(message);
    expect(await host.vmGet(id)).toEqual(before.vm);
    expect(await host.vmGetXml(id)).toEqual(before.xml);
    expect(store.saves).toBe(before.saves);
    expect(events).toEqual([]);
  });

  it('passes the library XmlError through with its reason and line', async () => {
    const { host, id } = await created();
    const { xml } = await host.vmGetXml(id);
    const e = await refusal(host.vmDefineXml(id, xml.replace('</memory>', '</memroy>')));
    expect(e).toBeInstanceOf(XmlError);
    expect(e).toMatchObject({
      reason: 'MALFORMED',
      line: xml.split('\n').findIndex((l) => l.includes('<memory')) + 1,
    });
  });

  it('gives NOT_FOUND for an unknown VM and DISCONNECTED once closed', async () => {
    const { host, id } = await created();
    const { xml } = await host.vmGetXml(id);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await refusal(host.vmGetXml(missing))).code).toBe('NOT_FOUND');
    expect((await refusal(host.vmDefineXml(missing, xml))).code).toBe('NOT_FOUND');
    await host.close();
    expect((await refusal(host.vmDefineXml(id, xml))).code).toBe('DISCONNECTED');
  });
});
