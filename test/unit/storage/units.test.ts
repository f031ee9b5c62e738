// Capacity arithmetic in bytes with every unit libvirt accepts (virScaleInteger), as pool and
// volume XML written by hand or by another tool may use any of them.
import { describe, expect, it } from 'vitest';
import { toBytes, unitBytes } from '../../../src/shared/libvirt-xml';
import { formatSize, parseSize } from '../../../src/shared/storage';
import { makePool, volumeFromXml } from '../../../src/main/drivers/simulated/storage/records';

const K = 1024n;
const UNITS: [string, bigint][] = [
  ['b', 1n],
  ['bytes', 1n],
  ['KB', 1000n],
  ['KiB', K],
  ['k', K],
  ['MB', 1000n ** 2n],
  ['MiB', K ** 2n],
  ['M', K ** 2n],
  ['GB', 1000n ** 3n],
  ['GiB', K ** 3n],
  ['G', K ** 3n],
  ['TB', 1000n ** 4n],
  ['TiB', K ** 4n],
  ['T', K ** 4n],
  ['PB', 1000n ** 5n],
  ['PiB', K ** 5n],
  ['P', K ** 5n],
  ['EB', 1000n ** 6n],
  ['EiB', K ** 6n],
  ['E', K ** 6n],
];

function volumeXml(name: string, capacity: string, unit: string, allocation: string): string {
  const [amount, allocUnit = unit] = allocation.split(' ');
  return `<volume type='file'>
  <name>${name}</name>
  <capacity unit='${unit}'>${capacity}</capacity>
  <allocation unit='${allocUnit}'>${amount}</allocation>
  <target><path>/srv/p/${name}</path><format type='qcow2'/></target>
</volume>`;
}

describe('libvirt units', () => {
  it.each(UNITS)('%s is %s bytes', (unit, bytes) => {
    expect(unitBytes(unit)).toBe(bytes);
    // libvirt reads units in any case: KIB, kib and KiB are one unit.
    expect(unitBytes(unit.toUpperCase())).toBe(unit === 'b' || unit === 'bytes' ? 1n : bytes);
    if (bytes <= 2n ** 50n) expect(toBytes('3', unit)).toBe(Number(3n * bytes));
  });

  it('refuses units libvirt does not know and sizes past 2^64 bytes', () => {
    for (const unit of ['KiB2', 'x', 'iB', 'Zi', 'KiBB', 'kilobytes']) {
      expect(unitBytes(unit)).toBeUndefined();
    }
    expect(toBytes('16', 'EiB')).toBeUndefined();
    expect(toBytes('15', 'EiB')).toBe(Number(15n * K ** 6n));
    expect(toBytes('-1', 'GiB')).toBeUndefined();
    expect(toBytes('1.5', 'GiB')).toBeUndefined();
  });

  it('reads a unit-less storage size as bytes', () => {
    expect(toBytes('4096', undefined)).toBe(4096);
  });
});

describe('sizes as the user types and reads them', () => {
  it.each([
    ['10', 'GiB', 10 * 2 ** 30],
    ['1.5', 'GiB', 1.5 * 2 ** 30],
    ['512', 'MiB', 512 * 2 ** 20],
    ['2', 'TiB', 2 * 2 ** 40],
    ['1', 'GB', 1e9],
    ['0.001', 'KB', 1],
  ])('%s %s is %d bytes', (text, unit, bytes) => {
    expect(parseSize(text, unit)).toBe(bytes);
  });

  it.each([['0'], [''], ['-1'], ['1e3'], ['abc'], ['1.'], ['99999999999999999']])(
    'refuses %j',
    (text) => expect(parseSize(text, 'GiB')).toBeNull(),
  );

  it.each([
    [13421772800, '12.5 GiB'],
    [30 * 2 ** 30, '30 GiB'],
    [Math.round(1.8 * 2 ** 40), '1.8 TiB'],
    [812 * 2 ** 30, '812 GiB'],
    [196 * 1024, '196 KiB'],
    [0, '0 B'],
  ])('%d bytes read as %s', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});

describe('pool arithmetic', () => {
  it('adds volume allocations in any unit and leaves the rest available', () => {
    const volumes = [
      volumeFromXml(volumeXml('a', '10', 'G', '3')), // 3 GiB
      volumeFromXml(volumeXml('b', '2048', 'MiB', '2048')), // 2 GiB
      volumeFromXml(volumeXml('c', '1', 'TB', '1 MB')), // 1 MB (decimal)
      volumeFromXml(volumeXml('d', '4', 'k', '4')), // 4 KiB
    ];
    const pool = makePool(
      `<pool type='dir'><name>p</name><uuid>5b1c9d62-9e7b-4a47-9d1b-5a1f2b1c0d11</uuid>
        <capacity unit='T'>1</capacity><target><path>/srv/p</path></target></pool>`,
      'active',
      false,
      new Map(volumes.map((v) => [v.name, v])),
    );
    const allocation = 3 * 2 ** 30 + 2 * 2 ** 30 + 1e6 + 4 * 1024;
    expect(pool.capacityBytes).toBe(2 ** 40);
    expect(pool.allocationBytes).toBe(allocation);
    expect(pool.view.availableBytes).toBe(2 ** 40 - allocation);
    expect(volumes[2]!.capacityBytes).toBe(1e12);
    // The stored XML states the sizes in bytes, as pool-dumpxml does.
    expect(pool.xml).toContain(`<allocation unit='bytes'>${allocation}</allocation>`);
    expect(pool.xml).toContain(`<available unit='bytes'>${2 ** 40 - allocation}</available>`);
  });
});
