export { createService } from './service';
export type { ServiceOptions, VirtdeskService } from './service';
export { SIMULATED_HOSTS, simulatedHostFile } from './hosts';
