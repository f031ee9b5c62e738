// The pre-checks the service makes with both hosts in hand (service/migrationHandlers.ts):
// different drivers, a host not connected, no migrate capability. Drivers are stand-ins here;
// the full path runs on the simulated hosts (service/migration.test.ts) and the testbed.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/drivers/clock';
import type { HypervisorDriver } from '../../../src/main/drivers/driver';
import { JobRegistry } from '../../../src/main/service/jobs';
import { migrationHandlers } from '../../../src/main/service/migrationHandlers';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';
import type { DriverKind, Host, HostConnectionState } from '../../../src/shared/model';

function host(
  id: string,
  driver: DriverKind,
  connection: HostConnectionState = 'connected',
): HypervisorDriver {
  const h = {
    id,
    name: id,
    driver,
    driverLabel: driver === 'simulated' ? 'Simulated KVM' : 'libvirt over SSH',
    connection,
  } as Host;
  return {
    hostId: id,
    getHost: () => h,
    vmGet: async () => ({ name: 'web' }),
  } as unknown as HypervisorDriver;
}

function handlers(...drivers: HypervisorDriver[]) {
  const map = new Map(drivers.map((d) => [d.hostId, d]));
  const clock = new ManualClock();
  return migrationHandlers({
    driverFor: (id) => map.get(id)!,
    jobs: new JobRegistry(clock, () => undefined),
    now: () => clock.now(),
  });
}

const params = (destHostId: string) => ({
  hostId: 'sim1',
  vmId: 'v1',
  destHostId,
  options: DEFAULT_MIGRATION_OPTIONS,
});

describe('pre-checks that need both hosts', () => {
  it('refuses moving between a simulated and a libvirt host, saying why', async () => {
    const api = handlers(host('sim1', 'simulated'), host('lab', 'libvirt-ssh'));
    const check = await api.vmMigrateCheck(params('lab'));
    expect(check.problems).toEqual([
      {
        code: 'driver-mismatch',
        level: 'error',
        message:
          'sim1 is served by Simulated KVM and lab by libvirt over SSH: a VM migrates only between hosts of the same kind.',
        fix: "Choose a Simulated KVM host, or copy the VM's XML to lab and define it there.",
      },
    ]);
    await expect(api.vmMigrate(params('lab'))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('refuses a destination that is not connected', async () => {
    const api = handlers(host('sim1', 'libvirt-ssh'), host('lab', 'libvirt-ssh', 'disconnected'));
    const check = await api.vmMigrateCheck(params('lab'));
    expect(check.problems).toEqual([
      {
        code: 'not-connected',
        level: 'error',
        message: 'lab is not connected.',
        fix: 'Reconnect lab first.',
      },
    ]);
    await expect(api.vmMigrate(params('lab'))).rejects.toMatchObject({
      code: 'DISCONNECTED',
      message: 'lab is not connected. Reconnect lab first.',
    });
  });

  it('refuses the same host, and a driver without the capability', async () => {
    const api = handlers(host('sim1', 'simulated'), host('sim2', 'simulated'));
    expect((await api.vmMigrateCheck(params('sim1'))).problems[0]).toMatchObject({
      code: 'same-host',
      message: 'web is already on sim1.',
    });
    await expect(api.vmMigrateCheck(params('sim2'))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'Live migration is not available on sim1.',
    });
    await expect(api.jobCancel({ jobId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
