// Adapts a simulated guest's serial port to a ConsoleSource. Typed structurally so the console
// layer does not reach into the driver; the driver's GuestConsole fits as it is.
import type { ConsoleSource } from './consoleHub';

export interface GuestSerialPort {
  onOutput(listener: (chunk: Uint8Array) => void): () => void;
  onStop(listener: (reason: string) => void): () => void;
  input(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
}

export function guestConsoleSource(guest: GuestSerialPort): ConsoleSource {
  const offs: (() => void)[] = [];
  return {
    onData: (listener) => {
      const off = guest.onOutput(listener);
      offs.push(off);
      return off;
    },
    onClose: (listener) => {
      const off = guest.onStop(listener);
      offs.push(off);
      return off;
    },
    write: (bytes) => guest.input(bytes),
    resize: (cols, rows) => guest.resize(cols, rows),
    pause: () => guest.pause(),
    resume: () => guest.resume(),
    // Closing a console is not stopping the VM: let go of the guest and leave it running freely.
    close: () => {
      for (const off of offs.splice(0)) off();
      guest.resume();
    },
  };
}
