// The graphical console (a VM's screen): one RFB (VNC) byte stream per open display, carried like
// the serial console's stream (src/shared/console.ts) on both transports, with the same flow
// control (the page acknowledges the bytes its VNC client has consumed) and the same rule that one
// window shows a display at a time (a new one takes it over). Main speaks to the VM's VNC server;
// the page never reaches a port of its own. A VNC password is answered in main: the page always
// sees security type None.

export interface DisplayOpenParams {
  hostId: string;
  vmId: string;
}

/** The RFB version both ends of the page's stream speak. */
export const RFB_VERSION_38 = 'RFB 003.008\n';

/** What the page can tell about a VM's display from its domain XML (shared/displayXml.ts). */
export type DisplayKind =
  | { kind: 'vnc'; listen: string | null; port: number | null; socket: string | null }
  | { kind: 'spice' }
  | { kind: 'none' };

/** Close reasons main sends for a display, beside the console's (taken over, VM stopped). */
export const DISPLAY_NO_DEVICE = 'no display device';
