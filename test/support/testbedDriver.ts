// A LibvirtSshDriver connected to the testbed with its key (no agent, no prompts), as most
// integration tests need one. `beforeConnect` subscribes listeners that must see the first events.
import { LibvirtSshDriver } from '../../src/main/drivers/libvirt-ssh';
import type { TestbedInfo } from './testbed';
import { makeSshHome, scriptedPrompter, waitUntil } from './testbed';

export async function connectKeyDriver(
  tb: TestbedInfo,
  opts: { beforeConnect?: (driver: LibvirtSshDriver) => void; waitForEvents?: boolean } = {},
): Promise<{ driver: LibvirtSshDriver; cleanupHome: () => void }> {
  const h = makeSshHome(tb, { keys: ['key'] });
  const driver = new LibvirtSshDriver({
    hostId: 'tb',
    name: 'testbed',
    uri: tb.libvirt.sshUri,
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
