// The Overview tab of a VM: its facts (host, resources, identity, description), usage, disks and
// NICs (compact; the Hardware tab tunes them), and the VM's host devices where the host has no
// Hardware tab to list them in.
import type { Host, Vm } from '../../../../shared/model';
import { formatKiB } from '../../lib/format';
import { requestSelect } from '../../store/navigation';
import { VmUsage } from '../usage/VmUsage';
import { VmDisks, VmNics } from './VmHardware';
import { VmHostDevices } from './hostDevices/VmHostDevices';

export function VmOverview({
  vm,
  host,
  idBase,
}: {
  vm: Vm;
  host: Host | undefined;
  idBase: string;
}) {
  return (
    <>
      <section className="card" aria-label="Summary">
        <dl className="facts">
          <dt>Host</dt>
          <dd>
            {host ? (
              <button
                type="button"
                className="link"
                onClick={() => requestSelect({ kind: 'host', hostId: host.id })}
              >
                {host.name}
              </button>
            ) : (
              vm.hostId
            )}
          </dd>
          <dt>vCPUs</dt>
          <dd id={`${idBase}-vcpus`}>{vm.vcpus}</dd>
          <dt>Memory</dt>
          <dd id={`${idBase}-memory`}>{formatKiB(vm.memoryKiB)}</dd>
          <dt>Autostart</dt>
          <dd>{vm.autostart ? 'Yes' : 'No'}</dd>
          <dt>Persistent</dt>
          <dd>{vm.persistent ? 'Yes' : 'No (transient)'}</dd>
          <dt>UUID</dt>
          <dd className="mono">{vm.id}</dd>
          <dt>Description</dt>
          <dd id={`${idBase}-description`} className={vm.description ? 'wrap pre-line' : 'muted'}>
            {vm.description || 'None'}
          </dd>
        </dl>
      </section>
      <VmUsage vm={vm} idBase={idBase} />
      <VmDisks disks={vm.disks} idBase={idBase} />
      <VmNics nics={vm.nics} idBase={idBase} />
      {/* A host with a Hardware tab lists them there; one without keeps them here. */}
      {host?.capabilities.hostDevices && !host.capabilities.hardware && (
        <VmHostDevices vm={vm} host={host} idBase={idBase} />
      )}
    </>
  );
}
