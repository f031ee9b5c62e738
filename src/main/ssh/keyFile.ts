// Reads a private key file (the URI's keyfile=, ssh_config's IdentityFile) without trusting what
// the path names. A path can be a FIFO or /dev/stdin (a synchronous read would block the main
// process for good) or /dev/zero (gigabytes), so: open non-blocking, fstat the opened descriptor
// (no race with a swapped path), accept only a regular file of at most MAX_KEY_FILE_BYTES, and
// read asynchronously.
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/** OpenSSH private keys are a few KiB; RSA 16384 stays well under this. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

export class KeyFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Key file ${path}: ${reason}`);
    this.name = 'KeyFileError';
  }
}

export async function readKeyFile(path: string, maxBytes = MAX_KEY_FILE_BYTES): Promise<Buffer> {
  let fh: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new KeyFileError(path, `cannot be opened (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new KeyFileError(path, `not a regular file (${kindOf(st)})`);
    if (st.size > maxBytes) {
      throw new KeyFileError(path, tooLarge(maxBytes, ` (${st.size} bytes)`));
    }
    // Read one byte past the cap, so a file that grew since the fstat is still refused.
    const buf = Buffer.alloc(maxBytes + 1);
    let len = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, len, buf.length - len, len);
      if (bytesRead === 0) break;
      len += bytesRead;
      if (len > maxBytes) throw new KeyFileError(path, tooLarge(maxBytes, ''));
    }
    return buf.subarray(0, len);
  } finally {
    await fh.close();
  }
}

function tooLarge(max: number, size: string): string {
  return `larger than ${max / 1024} KiB${size}, too large for a private key`;
}

function kindOf(st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}
