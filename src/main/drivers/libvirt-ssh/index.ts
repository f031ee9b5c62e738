export { LibvirtSshDriver } from './libvirtSshDriver';
export type { LibvirtSshDriverOptions } from './libvirtSshDriver';
