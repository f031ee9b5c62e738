export { LibvirtSshDriver } from './libvirtSshDriver';
export type { LibvirtSshDriverOptions } from './libvirtSshDriver';
export type { HostStats } from './stats';
