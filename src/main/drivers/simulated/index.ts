export { SimulatedHost, SIM_HYPERVISOR, SIM_NETWORKS } from './simulatedHost';
export type { SimHostStore, SimulatedHostOptions } from './simulatedHost';
export { BOOT_MS, SHUTDOWN_MS } from './lifecycle';
export { parseSimHostFile, HOST_FILE_VERSION } from './hostFile';
export type { SimHostFile } from './hostFile';
export { hardwareFor, cpuCount } from './hardware';
export { seedNames } from './seed';
