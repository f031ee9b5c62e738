export { SimulatedHost, SIM_HYPERVISOR } from './simulatedHost';
export type { SimHostStore, SimulatedHostOptions } from './simulatedHost';
export { BOOT_MS, SHUTDOWN_MS } from './lifecycle';
export { parseSimHostFile, HOST_FILE_VERSION } from './hostFile';
export type { LoadedHost, SavedVm, SavedVolume, SimHostFile } from './hostFile';
export { HOST_FILE_V1 } from './hostFileV1';
export { hardwareFor, cpuCount } from './hardware';
export type { SimCpuShape } from './hardware';
export { hostsWithSeeds, seedNames } from './seed';
