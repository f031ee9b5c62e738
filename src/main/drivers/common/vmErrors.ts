// The two ways a VM can be missing, worded once for both drivers: never known under that id, or
// gone from the host while a command on it ran (deleted behind virtdesk's back).
import { VirtdeskError } from '../../../shared/errors';
import { quote } from './newVmChecks';

/** NOT_FOUND for an id the host has no VM under. */
export function noSuchVm(vmId: string, hostName: string): VirtdeskError {
  return new VirtdeskError('NOT_FOUND', `No VM with id ${quote(vmId)} on ${hostName}.`);
}

/** INVALID_STATE for a console asked of a VM that has no QEMU process to talk to. */
export function noConsole(vmName: string): VirtdeskError {
  return new VirtdeskError(
    'INVALID_STATE',
    `${vmName} is shut off: start it to use its serial console.`,
  );
}

/** NOT_FOUND for a VM that vanished while a command on it ran. */
export function vmGone(vmName: string, hostName: string): VirtdeskError {
  return new VirtdeskError('NOT_FOUND', `${vmName} is gone from ${hostName}.`);
}
