// The host-wide half of an inventory: `list` flags and `domstats --state --block`, parsed from
// replies captured on the testbed, and the domains the replies disagree on left unsure.
import { describe, expect, it } from 'vitest';
import {
  SCAN_LINES,
  parseUuidNames,
  parseUuids,
  scanFromReplies,
} from '../../../src/main/drivers/libvirt-ssh/domainScan';
import {
  domstatsCapacities,
  domstatsState,
  parseDomstats,
} from '../../../src/main/drivers/libvirt-ssh/domstats';
import type { Replies } from './transcript';
import { CAPTURED, HOSTILE_NAME, IDS, replyFor, result } from './transcript';

const reply = (line: string) => CAPTURED[line]!.stdout;
const scan = (replies: Replies = CAPTURED) =>
  scanFromReplies(SCAN_LINES.map((l) => result(replyFor(replies, l))));
/** The capture with one reply's text changed. */
const edited = (line: string, edit: (text: string) => string): Replies => ({
  ...CAPTURED,
  [line]: { stdout: edit(reply(line)), stderr: '' },
});

describe('list replies', () => {
  it('reads UUIDs one a line, and UUID + name with the name exactly as printed', () => {
    expect(parseUuids(reply('list --all --transient --uuid'))).toEqual(new Set([IDS.transient]));
    expect(parseUuids(reply('list --all --autostart --uuid'))).toEqual(new Set([IDS.autostart]));
    expect(parseUuids(reply('list --all --persistent --uuid')).size).toBe(4);
    const names = parseUuidNames(reply('list --all --uuid --name'));
    expect(names.get(IDS.hostile)).toBe(HOSTILE_NAME);
    expect(names.get(IDS.tiny)).toBe('vd-tiny');
    expect(names.size).toBe(5);
  });

  it('ignores anything that is not a UUID line', () => {
    expect(parseUuids('\nerror\n62f19fc7-ff91-45ad-820b-430d377f06eb\r\n')).toEqual(
      new Set(['62f19fc7-ff91-45ad-820b-430d377f06eb']),
    );
    expect(parseUuidNames('not-a-uuid name\n\n').size).toBe(0);
  });
});

describe('domstats --state --block', () => {
  const blocks = parseDomstats(reply('domstats --raw --state --block'));

  it('gives the state and the capacities of shut-off domains too', () => {
    const tiny = blocks.get('vd-tiny')!;
    expect(domstatsState(tiny)).toBe('shutoff');
    expect(domstatsCapacities(tiny)).toEqual(new Map([['vda', 64 * 1024 * 1024]]));
    expect(domstatsCapacities(blocks.get('vd-no-disks')!)).toEqual(new Map());
  });

  it('leaves out an empty cdrom and a disk whose file is missing', () => {
    expect(domstatsCapacities(blocks.get(HOSTILE_NAME)!)).toEqual(new Map());
    const running = blocks.get('vd-transient')!;
    expect(domstatsState(running)).toBe('running');
    expect(domstatsCapacities(running)).toEqual(new Map([['vdc', 10 * 1024 * 1024]]));
  });

  it('maps every virDomainState number, and nothing else', () => {
    const state = (n: string) => domstatsState(new Map([['state.state', n]]));
    expect(['0', '1', '2', '3', '4', '5', '6', '7'].map(state)).toEqual([
      'running',
      'running',
      'blocked',
      'paused',
      'shutdown',
      'shutoff',
      'crashed',
      'pmsuspended',
    ]);
    expect(state('8')).toBeNull();
    expect(state('x')).toBeNull();
    expect(domstatsState(new Map())).toBeNull();
  });
});

describe('scanFromReplies', () => {
  it('gives every domain its state, persistence, autostart and capacities', () => {
    const { ids, facts } = scan();
    expect(ids).toHaveLength(5);
    expect(facts.size).toBe(5);
    expect(facts.get(IDS.transient)).toEqual({
      state: 'running',
      persistent: false,
      autostart: false,
      capacities: new Map([['vdc', 10485760]]),
    });
    expect(facts.get(IDS.autostart)).toMatchObject({ persistent: true, autostart: true });
    expect(facts.get(IDS.hostile)).toMatchObject({ state: 'shutoff', persistent: true });
  });

  it('leaves unsure a domain missing from a later reply (undefined or renamed meanwhile)', () => {
    const noTiny = edited('domstats --raw --state --block', (t) =>
      t.replace(/Domain: 'vd-tiny'\n(?: {2}.*\n)*/, ''),
    );
    expect(scan(noTiny).facts.has(IDS.tiny)).toBe(false);
    expect(scan(noTiny).ids).toContain(IDS.tiny);
    const neither = edited('list --all --persistent --uuid', (t) => t.replace(IDS.tiny, ''));
    expect(scan(neither).facts.has(IDS.tiny)).toBe(false);
    expect(scan(neither).facts.size).toBe(4);
  });

  it('matches names padded to 30 columns (older virsh), unless two then look alike', () => {
    const padded = edited('list --all --uuid --name', (t) =>
      t.replace(/^(\S{36}) (.*)$/gm, (_, id: string, name: string) => `${id} ${name.padEnd(30)}`),
    );
    expect(scan(padded).facts.size).toBe(5);
    const alike = edited('list --all --uuid --name', (t) => t.replace(' vd-no-disks', ' vd-tiny '));
    const twins = {
      ...alike,
      'domstats --raw --state --block': {
        stdout: reply('domstats --raw --state --block').replace("'vd-no-disks'", "'vd-tiny '"),
        stderr: '',
      },
    };
    const { facts } = scan(twins);
    expect(facts.has(IDS.tiny)).toBe(false);
    expect(facts.has(IDS.noDisks)).toBe(false);
    expect(facts.size).toBe(3);
  });

  it('fails as a whole when a host-wide command fails', () => {
    const failing = {
      ...CAPTURED,
      'list --all --autostart --uuid': { stdout: '', stderr: 'error: internal error: boom\n' },
    };
    expect(() => scan(failing)).toThrow(/boom/);
  });
});
