import { describe, expect, it } from 'vitest';
import { ByteRing, RING_BYTES } from '../../../src/main/console';

const seq = (from: number, n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('ByteRing', () => {
  it('keeps everything while under capacity', () => {
    const ring = new ByteRing(8);
    expect(ring.snapshot()).toEqual(new Uint8Array(0));
    ring.push(seq(0, 3));
    ring.push(seq(3, 2));
    expect(ring.size).toBe(5);
    expect(ring.snapshot()).toEqual(seq(0, 5));
  });

  it('wraps around, keeping the last bytes in order', () => {
    const ring = new ByteRing(8);
    for (let i = 0; i < 20; i += 3) ring.push(seq(i, 3));
    expect(ring.size).toBe(8);
    expect(ring.snapshot()).toEqual(seq(13, 8));
  });

  it('keeps only the tail of a chunk larger than itself', () => {
    const ring = new ByteRing(8);
    ring.push(seq(0, 5));
    ring.push(seq(100, 21));
    expect(ring.snapshot()).toEqual(seq(113, 8));
    ring.push(seq(200, 8));
    expect(ring.snapshot()).toEqual(seq(200, 8));
  });

  it('holds exactly the last 64 KiB of a long stream by default', () => {
    const ring = new ByteRing();
    expect(ring.capacity).toBe(64 * 1024);
    let total = 0;
    for (const n of [1000, 70_000, 3, 16_384, 65_535, 1, 40_000]) {
      ring.push(seq(total, n));
      total += n;
    }
    expect(ring.size).toBe(RING_BYTES);
    expect(ring.snapshot()).toEqual(seq(total - RING_BYTES, RING_BYTES));
  });

  it('hands out a copy and can be cleared', () => {
    const ring = new ByteRing(4);
    ring.push(seq(0, 4));
    const snap = ring.snapshot();
    ring.push(seq(9, 2));
    expect(snap).toEqual(seq(0, 4));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.snapshot()).toEqual(new Uint8Array(0));
    expect(() => new ByteRing(0)).toThrow(RangeError);
  });
});
