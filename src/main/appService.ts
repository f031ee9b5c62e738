// The service both entry points start (the Electron window and browser mode): the data folder
// they chose, simulated hosts and seeds from the environment, libvirt over SSH for remote hosts
// and this machine's own libvirt when it has one.
import {
  seedVmsFromEnv,
  simCpusFromEnv,
  simHostsFromEnv,
  simTwinOfFromEnv,
} from './config/dataDir';
import { LibvirtSshDriver } from './drivers/libvirt-ssh';
import { detectLocalHypervisor } from './service/localHypervisor';
import { createService } from './service/service';

export function startAppService(dataDir: string, env: NodeJS.ProcessEnv = process.env) {
  return createService({
    dataDir,
    seedVmsPerHost: seedVmsFromEnv(env),
    simHosts: simHostsFromEnv(env),
    simTwinOf: simTwinOfFromEnv(env),
    simCpus: simCpusFromEnv(env),
    remoteDriverFactory: (o) => new LibvirtSshDriver(o),
    localHypervisor: () => detectLocalHypervisor(env),
  });
}
