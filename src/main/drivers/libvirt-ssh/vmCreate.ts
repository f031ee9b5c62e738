// Creating and redefining VMs on a remote host. The checks are the simulated driver's (same
// names, limits and messages for both drivers); the host's own facts (CPUs, memory, networks,
// names taken) come from the last read. A disk is a qcow2 volume libvirt creates in the host's
// default (or first active) pool, or the pool the spec names; or an existing volume it names.
import { isActive } from '../../../shared/lifecycle';
import { randomUUID } from 'node:crypto';
import type { DefineResult } from '../../../shared/api';
import { VirtdeskError } from '../../../shared/errors';
import type { HostHardware, NewVmSpec } from '../../../shared/model';
import { checkDefinition } from '../common/defineXml';
import { allocateMac } from '../common/macs';
import { checkNewVm } from '../common/newVmChecks';
import { noSuchVm, vmGone } from '../common/vmErrors';
import { domainDefineXml } from './domain';
import type { HostSession } from './hostSession';
import type { Inventory } from './inventory';
import { networkListNames } from './network';
import { remoteDomainXml } from './newVm';
import {
  storagePoolForNewDisks,
  storageVolumeCreate,
  storageVolumeDelete,
  storageVolumeInfo,
} from './storage';
import type { HostTarget } from './target';

export function hostCpus(hw: HostHardware): number {
  const fromNuma = hw.numaNodes.reduce((n, node) => n + node.cpus.length, 0);
  return fromNuma || hw.sockets * hw.coresPerSocket * hw.threadsPerCore || 1;
}

interface Ctx {
  session: HostSession;
  inventory: Inventory;
  target: HostTarget;
  name: string;
}

export async function vmCreate(ctx: Ctx, spec: NewVmSpec) {
  const { session, inventory } = ctx;
  // Networks come and go without events: read them now rather than trust the list from connect.
  session.facts.networks = await networkListNames({ virsh: session.virsh });
  const { hardware, networks, capabilities } = session.facts;
  checkNewVm(spec, {
    name: ctx.name,
    cpus: hostCpus(hardware),
    memoryKiB: hardware.memoryKiB,
    networks,
    hasVmNamed: (n) => inventory.idByName(n) !== undefined,
  });
  const macs = new Set(inventory.values().flatMap((r) => r.view.nics.map((n) => n.mac)));
  const uuid = randomUUID();
  const virsh = session.virsh;
  // `created` is deleted again if the define fails; an existing volume the user chose is not.
  let disk: { path: string; format: string } | null = null;
  let created: { pool: string; name: string } | null = null;
  if (spec.disk?.volume) {
    disk = await storageVolumeInfo({ virsh, pool: spec.disk.pool, name: spec.disk.volume });
    const path = disk.path;
    const user = inventory.values().find((r) => r.view.disks.some((d) => d.source === path));
    if (user) {
      throw new VirtdeskError(
        'CONFLICT',
        `${path} is already a disk of ${user.view.name}.`,
        'disk',
      );
    }
  } else if (spec.diskGiB > 0) {
    const pool = spec.disk?.pool ?? (await storagePoolForNewDisks({ virsh }));
    const name = `${spec.name}.qcow2`;
    const path = await storageVolumeCreate({ virsh, pool, name, capacityGiB: spec.diskGiB });
    created = { pool, name };
    disk = { path, format: 'qcow2' };
  }
  try {
    const xml = remoteDomainXml({
      spec,
      uuid,
      mac: allocateMac(macs),
      disk,
      caps: capabilities,
    });
    await domainDefineXml({
      transport: session.transport,
      virshUri: ctx.target.virshUri,
      hostName: ctx.name,
      xml,
    });
  } catch (e) {
    // Do not leave an orphaned image behind a VM that was never defined.
    if (created) await storageVolumeDelete({ virsh, ...created }).catch(() => {});
    throw e;
  }
  const record = await session.reread(uuid);
  if (!record)
    throw new VirtdeskError('HOST_ERROR', `${spec.name} was defined but cannot be read back.`);
  return record.view;
}

export async function vmRedefine(ctx: Ctx, vmId: string, xml: string): Promise<DefineResult> {
  const { session, inventory } = ctx;
  const current = inventory.get(vmId);
  if (!current) throw noSuchVm(vmId, ctx.name);
  checkDefinition(xml, {
    id: vmId,
    name: current.config.facts.name,
    hostCpus: hostCpus(session.facts.hardware),
  });
  await domainDefineXml({
    transport: session.transport,
    virshUri: ctx.target.virshUri,
    hostName: ctx.name,
    xml,
  });
  const record = await session.reread(vmId);
  if (!record) throw vmGone(current.view.name, ctx.name);
  return { vm: record.view, appliesOnNextBoot: isActive(record.state) };
}
