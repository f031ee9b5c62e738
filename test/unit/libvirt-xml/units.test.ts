import { describe, expect, it } from 'vitest';
import {
  formatPciAddress,
  parseCUint,
  parseCpuset,
  pciAddressOf,
  parseXml,
  toBytes,
  toKiB,
  unitBytes,
} from '../../../src/shared/libvirt-xml';

describe('libvirt units (virScaleInteger)', () => {
  it('knows every unit, powers of 1024 with or without iB and of 1000 with B', () => {
    const table: [string, bigint][] = [
      ['b', 1n],
      ['B', 1n],
      ['byte', 1n],
      ['bytes', 1n],
      ['k', 1024n],
      ['K', 1024n],
      ['KiB', 1024n],
      ['kib', 1024n],
      ['KB', 1000n],
      ['kb', 1000n],
      ['M', 1024n ** 2n],
      ['MiB', 1024n ** 2n],
      ['MB', 1000n ** 2n],
      ['G', 1024n ** 3n],
      ['GiB', 1024n ** 3n],
      ['GB', 1000n ** 3n],
      ['T', 1024n ** 4n],
      ['TiB', 1024n ** 4n],
      ['TB', 1000n ** 4n],
      ['P', 1024n ** 5n],
      ['PiB', 1024n ** 5n],
      ['PB', 1000n ** 5n],
      ['E', 1024n ** 6n],
      ['EiB', 1024n ** 6n],
      ['EB', 1000n ** 6n],
    ];
    for (const [unit, bytes] of table) expect(unitBytes(unit), unit).toBe(bytes);
    for (const bad of ['', 'x', 'KiBB', 'Ki', 'kilobytes', 'Z', 'ZiB', 'hours']) {
      expect(unitBytes(bad), bad).toBeUndefined();
    }
  });

  it('converts to bytes and to KiB, with each element’s default unit', () => {
    expect(toBytes('5', 'G')).toBe(5 * 1024 ** 3);
    expect(toBytes('10', 'GB')).toBe(10_000_000_000);
    expect(toBytes('294912', undefined)).toBe(294912);
    expect(toBytes('4', undefined, 'KiB')).toBe(4096);
    expect(toKiB('219136', 'KiB')).toBe(219136);
    expect(toKiB('219136', undefined)).toBe(219136);
    expect(toKiB('214', 'MiB')).toBe(219136);
    expect(toKiB('2', 'M')).toBe(2048);
    expect(toKiB('1', 'G')).toBe(1048576);
    expect(toKiB('1048576', 'bytes')).toBe(1024);
    expect(toKiB(' 8 ', 'GiB')).toBe(8388608);
  });

  it('rounds partial KiB up, as libvirt does for memory', () => {
    expect(toKiB('1', 'KB')).toBe(1);
    expect(toKiB('1048576', 'KB')).toBe(1024000);
    expect(toKiB('1', 'b')).toBe(1);
    expect(toKiB('0', 'b')).toBe(0);
  });

  it('refuses what libvirt refuses: signs, fractions, junk, u64 overflow', () => {
    for (const v of ['-1', '1.5', '1e3', '0x10', '', 'abc', '99999999999999999999999']) {
      expect(toBytes(v, 'b'), v).toBeUndefined();
    }
    expect(toBytes('16', 'EiB')).toBeUndefined();
    expect(toBytes('15', 'EiB')).toBe(15 * 1024 ** 6);
    expect(toBytes('1', 'furlongs')).toBeUndefined();
    expect(toBytes(undefined, 'b')).toBeUndefined();
  });
});

describe('value syntaxes', () => {
  it('reads integers like strtol base 0: hex, octal, decimal', () => {
    expect(parseCUint('0x1f')).toBe(31);
    expect(parseCUint('010')).toBe(8);
    expect(parseCUint('0')).toBe(0);
    expect(parseCUint('18')).toBe(18);
    expect(parseCUint('08')).toBeUndefined();
    expect(parseCUint('-1')).toBeUndefined();
    expect(parseCUint('4294967296')).toBeUndefined();
  });

  it('formats PCI addresses and refuses out-of-range parts', () => {
    expect(formatPciAddress(0, 3, 0, 0)).toBe('0000:03:00.0');
    const addr = (attrs: string) => pciAddressOf(parseXml(`<address ${attrs}/>`).root);
    expect(addr("domain='0x0000' bus='0x06' slot='0x12' function='0x1'")).toBe('0000:06:12.1');
    expect(addr("type='pci' domain='0' bus='0' slot='18' function='0'")).toBe('0000:00:12.0');
    expect(addr("type='drive' controller='0' bus='0' unit='0'")).toBeUndefined();
    expect(addr("domain='0x0000' bus='0x100' slot='0x00' function='0x0'")).toBeUndefined();
    expect(addr("domain='0x0000' bus='0x01' slot='0x00' function='0x8'")).toBeUndefined();
  });

  it('expands cpusets, with exclusions, and refuses hostile ranges quickly', () => {
    expect(parseCpuset('0-3,8')).toEqual([0, 1, 2, 3, 8]);
    expect(parseCpuset('1-2,5-7,^6')).toEqual([1, 2, 5, 7]);
    expect(parseCpuset('x')).toBeUndefined();
    expect(parseCpuset('3-1')).toBeUndefined();
    const started = performance.now();
    expect(parseCpuset('0-999999')).toBeUndefined();
    expect(parseCpuset(Array(100_000).fill('^0-60000').join(','))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
