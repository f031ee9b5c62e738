import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../src/main/config/args';
import {
  platformDataDir,
  resolveDataDir,
  seedVmsFromEnv,
  simHostsFromEnv,
  simTwinOfFromEnv,
} from '../../../src/main/config/dataDir';

describe('launch options', () => {
  it('reads --data-dir, --port and --no-open in both spellings', () => {
    expect(parseArgs(['--port', '0', '--no-open', '--data-dir', '/tmp/x'])).toEqual({
      dataDir: '/tmp/x',
      port: 0,
      open: false,
    });
    expect(parseArgs(['--port=8080', '--data-dir=/d'])).toEqual({
      dataDir: '/d',
      port: 8080,
      open: true,
    });
  });

  it('refuses a malformed port or a missing value', () => {
    expect(() => parseArgs(['--port', 'abc'])).toThrow(UsageError);
    expect(() => parseArgs(['--port', '70000'])).toThrow(/0–65535/);
    expect(() => parseArgs(['--data-dir'])).toThrow(/needs a value/);
  });

  it('prefers --data-dir, then VIRTDESK_DATA_DIR, then the platform default', () => {
    expect(resolveDataDir('/a', { VIRTDESK_DATA_DIR: '/b' }, '/c')).toBe('/a');
    expect(resolveDataDir(null, { VIRTDESK_DATA_DIR: '/b' }, '/c')).toBe('/b');
    expect(resolveDataDir(null, {}, '/c')).toBe('/c');
  });

  it('follows each platform convention for the default data dir', () => {
    expect(platformDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/virtdesk');
    expect(platformDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/virtdesk');
    expect(platformDataDir('darwin', {}, '/Users/u')).toBe(
      '/Users/u/Library/Application Support/virtdesk',
    );
  });

  it('reads the benchmark seed count defensively', () => {
    expect(seedVmsFromEnv({ VIRTDESK_SIM_SEED_VMS: '500' })).toBe(500);
    expect(seedVmsFromEnv({ VIRTDESK_SIM_SEED_VMS: '-3' })).toBe(0);
    expect(seedVmsFromEnv({ VIRTDESK_SIM_SEED_VMS: 'lots' })).toBe(0);
    expect(simHostsFromEnv({})).toBe(2);
    expect(simHostsFromEnv({ VIRTDESK_SIM_HOSTS: '20' })).toBe(20);
    expect(simHostsFromEnv({ VIRTDESK_SIM_HOSTS: '0' })).toBe(2);
    expect(simHostsFromEnv({ VIRTDESK_SIM_HOSTS: '1e9' })).toBe(100);
    expect(simTwinOfFromEnv({ VIRTDESK_SIM_TWIN_OF: 'sim1' })).toBe('sim1');
    expect(simTwinOfFromEnv({ VIRTDESK_SIM_TWIN_OF: 'sim9' })).toBeUndefined();
    expect(simTwinOfFromEnv({})).toBeUndefined();
  });
});
