// A VM's screen through the libvirt driver on the real testbed: a clone of vd-tiny with VNC
// graphics (a password, answered in main) and a VGA; its kernel console ends on tty0, so the
// shell init starts there reads the VGA keyboard. Over SSH (a forwarded channel on the host's one connection) and locally
// (the loopback port itself), the stream speaks RFB with security None to this side, ServerInit
// names the screen size, and typed keys reach the guest's shell: `poweroff -f` typed on the
// screen stops the VM (and the window is told).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleAttachment } from '../../../src/main/console';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { DisplayClone } from '../../support/displayClone';
import { defineDisplayClone } from '../../support/displayClone';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';
import { RfbTestClient } from '../../unit/display/rfbClient';

const NAME = `vddisp-${process.pid}`;
const PASSWORD = 'vd-pw-1';

let tb: TestbedInfo;

let clone: DisplayClone | undefined;
const virsh = (...args: string[]) => clone!.virsh(...args);

beforeAll(async () => {
  tb = requireTestbed();
  clone = await defineDisplayClone(tb, NAME, { password: PASSWORD });
}, 60_000);

afterAll(async () => {
  await clone?.remove();
}, 60_000);

describe.each(TRANSPORTS)('libvirt over %s: the VM screen', (transport) => {
  let driver: LibvirtSshDriver;
  let cleanupHome: () => void;

  beforeAll(async () => {
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport }));
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
  });

  it('speaks RFB with security None, names the screen size, and takes keys to the shell', async () => {
    await virsh('start', NAME);
    const vm = await waitUntil(
      async () => (await driver.vmList()).find((v) => v.name === NAME && v.state === 'running'),
      20_000,
      `${NAME} running`,
    );
    let attachment: ConsoleAttachment | null = null;
    const early: Uint8Array[] = [];
    const closed: string[] = [];
    const client = new RfbTestClient((b) => (attachment ? attachment.input(b) : early.push(b)));
    attachment = await driver.display.attach(vm.id, {
      send: (b) => {
        client.feed(b);
        attachment?.ack(b.length);
      },
      closed: (r) => closed.push(r),
    });
    for (const b of early.splice(0)) attachment.input(b);
    await waitUntil(() => client.init ?? undefined, 15_000, 'ServerInit');
    expect(closed).toEqual([]);
    expect(client.init!.width).toBeGreaterThanOrEqual(640);
    expect(client.init!.height).toBeGreaterThanOrEqual(400);
    expect(client.init!.name).toContain(NAME);
    client.requestUpdate(false);
    await waitUntil(() => client.updates.length > 0, 15_000, 'a framebuffer update');

    // Typed until the shell is up (init starts it on the VGA console once the kernel is up):
    // the guest powers off, so the keys reached its shell, and the window is told why it closed.
    let lastTyped = 0;
    await waitUntil(
      () => {
        if (Date.now() - lastTyped > 3000) {
          lastTyped = Date.now();
          client.type('poweroff -f\r');
        }
        return closed.length > 0;
      },
      90_000,
      'the typed poweroff to stop the VM',
    );
    // QEMU's exit ends the VNC connection; the stop event may come first or second.
    expect(closed[0]).toMatch(/^(VM stopped|the VNC server closed the connection)$/);
    await waitUntil(
      async () => (await driver.vmList()).find((v) => v.id === vm.id && v.state === 'shutoff'),
      20_000,
      `${NAME} shut off`,
    );
  }, 120_000);

  it('tells a second window it took the screen over', async () => {
    await virsh('start', NAME);
    const vm = await waitUntil(
      async () => (await driver.vmList()).find((v) => v.name === NAME && v.state === 'running'),
      20_000,
      `${NAME} running`,
    );
    const closed: string[] = [];
    const first = await driver.display.attach(vm.id, {
      send: () => undefined,
      closed: (r) => closed.push(r),
    });
    const second = await driver.display.attach(vm.id, { send: () => undefined, closed: () => {} });
    expect(closed).toEqual(['taken over by another window']);
    first.detach();
    second.detach();
    await virsh('destroy', NAME);
  }, 60_000);
});
