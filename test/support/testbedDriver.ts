// A LibvirtSshDriver connected to the testbed, as most integration tests need one: over SSH with
// the testbed's key (no agent, no prompts), or as this machine's local hypervisor (qemu:///system,
// the same libvirtd the testbed's sshd leads to). `beforeConnect` subscribes listeners that must
// see the first events. The shared scenarios run once per transport (describe.each(TRANSPORTS)).
import { LibvirtSshDriver } from '../../src/main/drivers/libvirt-ssh';
import type { TestbedInfo } from './testbed';
import { makeSshHome, scriptedPrompter, waitUntil } from './testbed';

export const TRANSPORTS = ['ssh', 'local'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export async function connectKeyDriver(
  tb: TestbedInfo,
  opts: {
    beforeConnect?: (driver: LibvirtSshDriver) => void;
    waitForEvents?: boolean;
    transport?: Transport;
  } = {},
): Promise<{ driver: LibvirtSshDriver; cleanupHome: () => void }> {
  const h = makeSshHome(tb, { keys: ['key'] });
  const driver = new LibvirtSshDriver({
    hostId: 'tb',
    name: 'testbed',
    uri: opts.transport === 'local' ? tb.libvirt.system : tb.libvirt.sshUri,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: h.appKnownHosts,
    home: h.home,
    localUser: 'nobody',
    sshAuthSock: null,
  });
  opts.beforeConnect?.(driver);
  driver.connect();
  await waitUntil(() => driver.getHost().connection === 'connected', 20_000, 'connected');
  if (opts.waitForEvents) await waitUntil(() => driver.eventsSubscribed, 10_000, 'event channel');
  return { driver, cleanupHome: h.cleanup };
}
