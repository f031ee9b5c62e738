// The keys the console's "Send key" menu offers: control characters a browser or window manager
// might keep for itself, sent to the guest as the bytes a terminal would send. A serial BREAK is
// absent on purpose: it is a line condition, not a byte, and libvirt's console stream carries only
// bytes (sending NUL instead would be a lie the guest ignores). Ctrl+Alt+Del is a keyboard event
// the serial port never sees; Reboot in the VM's toolbar is the honest way to do that.
export interface ConsoleKey {
  label: string;
  bytes: Uint8Array;
}

export const CONSOLE_KEYS: readonly ConsoleKey[] = [
  { label: 'Ctrl+C', bytes: Uint8Array.of(0x03) },
  { label: 'Ctrl+D', bytes: Uint8Array.of(0x04) },
  { label: 'Ctrl+Z', bytes: Uint8Array.of(0x1a) },
  { label: 'Ctrl+\\', bytes: Uint8Array.of(0x1c) },
  { label: 'Escape', bytes: Uint8Array.of(0x1b) },
];
