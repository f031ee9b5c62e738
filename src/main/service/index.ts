export { createService } from './service';
export type { ServiceOptions, VirtdeskService } from './service';
export { simulatedHostFile, simulatedHosts } from './hosts';
