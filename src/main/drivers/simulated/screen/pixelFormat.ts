// RFB pixel formats (RFC 6143 §7.4): what the server offers and what a client may ask for with
// SetPixelFormat. The simulated screen has two colours, so a format is only ever needed as "the
// bytes of the foreground pixel and of the background pixel".

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** 32 bits per pixel, 24 of depth, little-endian xRGB: what QEMU offers too. */
export const SERVER_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function encodePixelFormat(pf: PixelFormat): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint8(0, pf.bitsPerPixel);
  v.setUint8(1, pf.depth);
  v.setUint8(2, pf.bigEndian ? 1 : 0);
  v.setUint8(3, pf.trueColour ? 1 : 0);
  v.setUint16(4, pf.redMax);
  v.setUint16(6, pf.greenMax);
  v.setUint16(8, pf.blueMax);
  v.setUint8(10, pf.redShift);
  v.setUint8(11, pf.greenShift);
  v.setUint8(12, pf.blueShift);
  return out;
}

/** A client's format, or null for one the screen cannot serve (colour maps, odd sizes). */
export function decodePixelFormat(b: Uint8Array): PixelFormat | null {
  const v = new DataView(b.buffer, b.byteOffset, 16);
  const pf: PixelFormat = {
    bitsPerPixel: v.getUint8(0),
    depth: v.getUint8(1),
    bigEndian: v.getUint8(2) !== 0,
    trueColour: v.getUint8(3) !== 0,
    redMax: v.getUint16(4),
    greenMax: v.getUint16(6),
    blueMax: v.getUint16(8),
    redShift: v.getUint8(10),
    greenShift: v.getUint8(11),
    blueShift: v.getUint8(12),
  };
  if (![8, 16, 32].includes(pf.bitsPerPixel) || !pf.trueColour) return null;
  if (Math.max(pf.redShift, pf.greenShift, pf.blueShift) >= pf.bitsPerPixel) return null;
  return pf;
}

/** The bytes of one pixel of colour 0xRRGGBB in format pf. */
export function pixelBytes(pf: PixelFormat, rgb: number): Uint8Array {
  const scale = (c: number, max: number) => Math.round((c * max) / 255);
  const value =
    ((scale((rgb >> 16) & 0xff, pf.redMax) << pf.redShift) |
      (scale((rgb >> 8) & 0xff, pf.greenMax) << pf.greenShift) |
      (scale(rgb & 0xff, pf.blueMax) << pf.blueShift)) >>>
    0;
  const n = pf.bitsPerPixel / 8;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const shift = 8 * (pf.bigEndian ? n - 1 - i : i);
    out[i] = (value >>> shift) & 0xff;
  }
  return out;
}
