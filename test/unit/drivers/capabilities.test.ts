// What a host says it can do (Host.capabilities, which the renderer reads) must be what its driver
// really has: a capability without its verb fails at the first click, a verb without its
// capability is never offered.
import { afterAll, describe, expect, it } from 'vitest';
import type { HypervisorDriver } from '../../../src/main/drivers/driver';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import type { HostCapabilities } from '../../../src/shared/model';
import { makeHost } from '../simulated/memoryStore';

type OptionalVerb =
  | 'reconnect'
  | 'storage'
  | 'snapshots'
  | 'migration'
  | 'networks'
  | 'tuning'
  | 'hostDevices'
  | 'hardware'
  | 'display';

/**
 * The optional driver verb each capability promises. `remove` is the service's (the hosts the
 * user added; service.test.ts).
 */
const VERB: Record<keyof HostCapabilities, OptionalVerb | 'service' | null> = {
  reconnect: 'reconnect',
  remove: 'service',
  storage: 'storage',
  snapshots: 'snapshots',
  migrate: 'migration',
  display: 'display',
  networks: 'networks',
  tuning: 'tuning',
  hostDevices: 'hostDevices',
  hardware: 'hardware',
};

const drivers: [string, () => HypervisorDriver][] = [
  ['simulated', () => makeHost().host],
  [
    'libvirt-ssh',
    () =>
      new LibvirtSshDriver({
        hostId: 'h1',
        name: 'h1',
        uri: 'qemu+ssh://root@h1.invalid/system',
        prompter: {
          hostKey: async () => 'cancel',
          secret: async () => null,
        },
        appKnownHostsFile: '/nonexistent/known_hosts',
        home: '/nonexistent',
        sshAuthSock: null,
      }),
  ],
];

describe.each(drivers)('the %s driver', (_kind, make) => {
  const driver = make();
  const declared = driver.getHost().capabilities;
  afterAll(() => driver.close());

  it.each(Object.entries(VERB) as [keyof HostCapabilities, OptionalVerb | 'service' | null][])(
    'declares %s exactly when it has the verb',
    (capability, verb) => {
      if (verb === 'service') return;
      const has = verb !== null && driver[verb] !== undefined;
      expect({ [capability]: declared[capability] }).toEqual({ [capability]: has });
    },
  );
});
