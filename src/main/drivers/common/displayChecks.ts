// Which VNC server a VM's screen is on, from its live definition, refusing in the same words on
// both drivers when there is none to show.
import type { DisplayKind } from '../../../shared/display';
import { DISPLAY_NO_DEVICE } from '../../../shared/display';
import { displayOf } from '../../../shared/displayXml';
import { VirtdeskError } from '../../../shared/errors';

export type VncDisplay = Extract<DisplayKind, { kind: 'vnc' }>;

/** INVALID_STATE for a screen asked of a VM that is not running. */
export function noScreen(vmName: string): VirtdeskError {
  return new VirtdeskError('INVALID_STATE', `${vmName} is shut off: start it to see its screen.`);
}

/** The VM's VNC display; UNSUPPORTED when it has none (or only SPICE). */
export function vncDisplayOf(liveXml: string, vmName: string): VncDisplay {
  const display = displayOf(liveXml);
  if (display.kind === 'vnc') return display;
  if (display.kind === 'spice') {
    throw new VirtdeskError(
      'UNSUPPORTED',
      `${vmName} has SPICE graphics: virtdesk shows VNC displays (switch it to VNC).`,
    );
  }
  throw new VirtdeskError('UNSUPPORTED', `${vmName} has ${DISPLAY_NO_DEVICE}.`);
}
