// Bounds for a new VM. The host's own limits (its CPU count, free memory) are checked by the
// driver; these only keep nonsense out.
export const LIMITS = {
  vcpusMax: 512,
  memoryMiBMin: 64,
  memoryMiBMax: 16 * 1024 * 1024,
  diskGiBMax: 64 * 1024,
} as const;
