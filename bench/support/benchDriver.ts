// A LibvirtSshDriver for the testbed as the benches use it (key from a throwaway ~/.ssh, no
// agent, no prompts), timed from connect() to the host connected with its inventory complete.
import { LibvirtSshDriver } from '../../src/main/drivers/libvirt-ssh';
import type { TestbedInfo } from '../../test/support/testbed';
import { scriptedPrompter } from '../../test/support/testbed';

export async function connectBenchDriver(
  tb: TestbedInfo,
  home: { home: string; appKnownHosts: string },
): Promise<{ driver: LibvirtSshDriver; ms: number }> {
  const driver = new LibvirtSshDriver({
    hostId: 'tb',
    name: 'testbed',
    uri: tb.libvirt.sshUri,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: home.appKnownHosts,
    home: home.home,
    localUser: 'nobody',
    sshAuthSock: null,
  });
  const t0 = performance.now();
  const ms = await new Promise<number>((resolve, reject) => {
    driver.onEvent((e) => {
      if (e.type !== 'host-changed' || e.host.connection === 'connecting') return;
      if (e.host.connection === 'connected') resolve(performance.now() - t0);
      else reject(new Error(`the driver did not connect: ${e.host.connectionError}`));
    });
    driver.connect();
  });
  return { driver, ms };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Throws unless all `count` of the bench's own domains (named `prefix`…) are listed. Other
 * engineers' tests define and undefine domains on the shared testbed while a bench runs, so the
 * host's total may move by a few between two listings; the bench's own domains may not.
 */
export function checkListed(names: readonly string[], prefix: string, count: number, who: string) {
  const own = names.filter((n) => n.startsWith(prefix)).length;
  if (own !== count) throw new Error(`${who} listed ${own} of the bench's ${count} domains`);
}
