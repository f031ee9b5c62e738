// 200 generated hostile names on the real testbed (60 domains, 60 snapshots, 30 pools, 50
// volumes: TABs, edge and double spaces, quotes, $(…), backticks, ';', '#', a leading '--',
// backslashes, UTF-8), defined on the host in batches, then driven through the driver: each is
// listed exactly, read, and changed or removed by its name or UUID. Commands an injection would
// run create a marker file that must never appear. Plus the two names virsh cannot be sent (a
// line break in a snapshot's and a volume file's name): listed read-only, hiding nothing.
// Everything is named with the prefix vdhn and removed at the end; the test checks nothing is left.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { hostVirsh, hostVirshScript } from '../../../bench/support/hostVirsh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';

const MARK = 'vdhn-pwned';
/** Where each kind sits: some only make sense at the start or the end of a name. */
const FRAGMENTS: { text: string; at: 'start' | 'end' }[] = [
  { text: '\tTAB', at: 'start' },
  { text: 'a\tb', at: 'end' },
  { text: '  lead', at: 'start' },
  { text: 'trail  ', at: 'end' },
  { text: 'dbl  sp ace', at: 'end' },
  { text: "q'uote", at: 'end' },
  { text: 'd"quote"', at: 'end' },
  { text: `$(touch ${MARK})`, at: 'end' },
  { text: `\`touch ${MARK}\``, at: 'end' },
  { text: `;touch ${MARK};`, at: 'end' },
  { text: `x';touch ${MARK};'`, at: 'end' },
  { text: '#hash', at: 'end' },
  { text: '--all', at: 'start' },
  { text: 'back\\slash\\', at: 'end' },
  { text: 'ünï€😀', at: 'end' },
];
const COUNTS = { domain: 60, snapshot: 60, pool: 30, volume: 50 } as const;
const CARRIERS = 4; // domains with a disk, holding the snapshots

/** The i-th hostile name of a kind: prefix vdhn, its kind letter and number, one fragment. */
function hostileName(kind: keyof typeof COUNTS, i: number): string {
  const f = FRAGMENTS[i % FRAGMENTS.length]!;
  const base = `vdhn${kind[0]}${i}`;
  return f.at === 'start' ? `${f.text}${base}` : `${base}${f.text}`;
}
const names = (kind: keyof typeof COUNTS) =>
  Array.from({ length: COUNTS[kind] }, (_, i) => hostileName(kind, i));

const xmlText = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f]/g, (c) => `&#${c.charCodeAt(0)};`);

const NL_SNAPSHOT = 'vdhn-nl\nsnapshot';
const NL_VOLUME = 'vdhn-nl\nvolume';

let tb: TestbedInfo;
const uri = () => tb.libvirt.system;
const markers = () => [
  join(tb.dir, 'home', tb.ssh.user, MARK),
  join(process.cwd(), MARK),
  join('/', MARK),
  join('/root', MARK),
];

interface Made {
  dir: string;
  domains: Map<string, string>; // uuid → name
  carriers: string[]; // uuids
  pools: string[];
  volPool: string;
  volDir: string;
}

/** Defines everything on the host, batched: one virsh process per kind. */
async function defineAll(tag: string): Promise<Made> {
  const dir = mkdtempSync(join(tmpdir(), `vdhn-${tag}-`));
  const domains = new Map<string, string>();
  const carriers: string[] = [];
  const lines: string[] = [];
  names('domain').forEach((name, i) => {
    const uuid = randomUUID();
    domains.set(uuid, name);
    let disk = '';
    if (i < CARRIERS) {
      const file = join(dir, `disk${i}.qcow2`);
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '1M']);
      disk = `<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${file}'/><target dev='vda' bus='virtio'/></disk></devices>`;
      carriers.push(uuid);
    }
    const file = join(dir, `d${i}.xml`);
    writeFileSync(
      file,
      `<domain type='qemu'><name>${xmlText(name)}</name><uuid>${uuid}</uuid><memory unit='MiB'>32</memory><os><type arch='x86_64' machine='pc'>hvm</type></os>${disk}</domain>`,
    );
    lines.push(`define --file ${file}`);
  });
  await hostVirshScript(uri(), lines);

  const snapLines = [...names('snapshot'), NL_SNAPSHOT].map((name, i) => {
    const file = join(dir, `s${i}.xml`);
    writeFileSync(file, `<domainsnapshot><name>${xmlText(name)}</name></domainsnapshot>`);
    return `snapshot-create --domain ${carriers[i % CARRIERS]} --xmlfile ${file}`;
  });
  await hostVirshScript(uri(), snapLines);

  const pools = names('pool');
  await hostVirshScript(
    uri(),
    pools.map((name, i) => {
      const file = join(dir, `p${i}.xml`);
      mkdirSync(join(dir, `pool${i}`));
      writeFileSync(
        file,
        `<pool type='dir'><name>${xmlText(name)}</name><target><path>${dir}/pool${i}</path></target></pool>`,
      );
      return `pool-define --file ${file}`;
    }),
  );

  // Volumes as a remote host may hold them: files whose names nobody checked, in a dir pool.
  const volDir = join(dir, 'vols');
  mkdirSync(volDir);
  for (const v of [...names('volume'), NL_VOLUME]) writeFileSync(join(volDir, v), '');
  const volPool = `vdhn-vols-${tag}`;
  await hostVirsh(uri(), 'pool-create-as', volPool, 'dir', '--target', volDir);
  return { dir, domains, carriers, pools, volPool, volDir };
}

/** Removes whatever is left, by UUID (pools: by the UUIDs of those named vdhn…). */
async function removeAll(m: Made | undefined): Promise<void> {
  if (!m) return;
  for (const id of m.domains.keys())
    await hostVirsh(uri(), 'undefine', '--domain', id, '--snapshots-metadata').catch(() => {});
  for (const id of await leftPools()) {
    await hostVirsh(uri(), 'pool-destroy', id).catch(() => {});
    await hostVirsh(uri(), 'pool-undefine', id).catch(() => {});
  }
  rmSync(m.dir, { recursive: true, force: true });
}

/** UUIDs of the host's pools whose names contain vdhn (read from each pool's XML). */
async function leftPools(): Promise<string[]> {
  const ids = (await hostVirsh(uri(), 'pool-list', '--all', '--uuid')).split('\n').filter(Boolean);
  const out: string[] = [];
  for (const id of ids)
    if ((await hostVirsh(uri(), 'pool-dumpxml', id)).includes('vdhn')) out.push(id.trim());
  return out;
}

async function leftDomains(): Promise<string[]> {
  const ids = (await hostVirsh(uri(), 'list', '--all', '--uuid')).split('\n').filter(Boolean);
  const out: string[] = [];
  for (const id of ids)
    if ((await hostVirsh(uri(), 'domname', id.trim())).includes('vdhn')) out.push(id.trim());
  return out;
}

describe.each(TRANSPORTS)('libvirt over %s: 200 hostile names', (transport) => {
  let driver: LibvirtSshDriver;
  let cleanupHome: () => void;
  let made: Made | undefined;

  beforeAll(async () => {
    tb = requireTestbed();
    for (const f of markers()) rmSync(f, { force: true });
    made = await defineAll(transport);
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport }));
  }, 120_000);

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    await removeAll(made);
    expect(await leftDomains()).toEqual([]);
    expect(await leftPools()).toEqual([]);
    for (const f of markers()) expect(existsSync(f), f).toBe(false);
  }, 120_000);

  it(`lists and reads the ${COUNTS.domain} domains exactly, by UUID`, async () => {
    const m = made!;
    const vms = await waitUntil(
      async () => {
        const all = await driver.vmList();
        return [...m.domains.keys()].every((id) => all.some((v) => v.id === id)) ? all : null;
      },
      30_000,
      'every hostile domain listed',
    );
    for (const [id, name] of m.domains) {
      expect(vms?.find((v) => v.id === id)?.name).toBe(name);
      expect((await driver.vmGet(id)).name).toBe(name);
      expect((await driver.vmGetXml(id)).xml).toContain(`<uuid>${id}</uuid>`);
    }
  });

  it(`lists, reverts and deletes the ${COUNTS.snapshot} snapshots by their exact names; the one with a line break is read-only and hides nothing`, async () => {
    const m = made!;
    const all = [...names('snapshot'), NL_SNAPSHOT];
    for (const [c, vmId] of m.carriers.entries()) {
      const mine = all.filter((_, i) => i % CARRIERS === c);
      const listed = await driver.snapshots.snapshotList({ vmId: vmId });
      expect(listed.map((s) => s.name).sort()).toEqual([...mine].sort());
      for (const s of listed) {
        if (s.name === NL_SNAPSHOT) {
          expect(s.readOnly).toMatch(/line break/);
          await expect(
            driver.snapshots.snapshotRevert({ vmId: vmId, name: s.name }),
          ).rejects.toMatchObject({
            code: 'INVALID_INPUT',
          });
          continue;
        }
        expect(s.readOnly).toBeUndefined();
        await driver.snapshots.snapshotRevert({ vmId: vmId, name: s.name });
        expect(
          (await driver.snapshots.snapshotList({ vmId: vmId })).find((x) => x.isCurrent)?.name,
        ).toBe(s.name);
      }
      for (const name of mine.filter((n) => n !== NL_SNAPSHOT).reverse())
        await driver.snapshots.snapshotDelete({ vmId: vmId, name: name, mode: 'one' });
      const rest = (await driver.snapshots.snapshotList({ vmId: vmId })).map((s) => s.name);
      expect(rest).toEqual(mine.includes(NL_SNAPSHOT) ? [NL_SNAPSHOT] : []);
    }
    // The host agrees: only the line-break snapshot is left (virsh given it as one argv word).
    const nlCarrier = m.carriers[COUNTS.snapshot % CARRIERS]!;
    await hostVirsh(uri(), 'snapshot-delete', '--domain', nlCarrier, '--snapshotname', NL_SNAPSHOT);
    for (const id of m.carriers)
      expect(await hostVirsh(uri(), 'snapshot-list', '--domain', id, '--name')).toBe('');
  });

  it(`lists the ${COUNTS.pool} pools exactly; starts, refreshes, stops and undefines each`, async () => {
    const m = made!;
    const listed = await driver.storage.poolList();
    for (const name of m.pools) {
      const p = listed.find((x) => x.name === name);
      expect(p, JSON.stringify(name)).toBeDefined();
      expect((await driver.storage.poolGetXml({ pool: name })).xml).toContain('<pool');
      // Active pools whose names sort before vd-pool would be picked for other tests' new disks.
      if (!name.startsWith('vdhn')) continue;
      expect((await driver.storage.poolStart({ pool: name })).state).toBe('active');
      expect((await driver.storage.poolRefresh({ pool: name })).name).toBe(name);
      expect((await driver.storage.poolStop({ pool: name })).state).toBe('inactive');
    }
    for (const name of m.pools) await driver.storage.poolUndefine({ pool: name });
    const after = (await driver.storage.poolList()).map((p) => p.name);
    for (const name of m.pools) expect(after).not.toContain(name);
  });

  it(`lists the ${COUNTS.volume} volume files exactly (and the line-break one read-only), deletes each`, async () => {
    const m = made!;
    await driver.storage.poolRefresh({ pool: m.volPool });
    const vols = await driver.storage.volumeList({ pool: m.volPool });
    const want = [...names('volume'), NL_VOLUME];
    expect(vols.map((v) => v.name).sort()).toEqual([...want].sort());
    for (const v of vols) {
      expect(v.path).toBe(join(m.volDir, v.name));
      expect(v.readOnly === undefined).toBe(v.name !== NL_VOLUME);
    }
    for (const name of names('volume'))
      await driver.storage.volumeDelete({ pool: m.volPool, name });
    await expect(
      driver.storage.volumeDelete({ pool: m.volPool, name: NL_VOLUME }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(readdirSync(m.volDir)).toEqual([NL_VOLUME]);
    expect((await driver.storage.volumeList({ pool: m.volPool })).map((v) => v.name)).toEqual([
      NL_VOLUME,
    ]);
  });

  it(`deletes the ${COUNTS.domain} domains by UUID; nothing they contain ran`, async () => {
    const m = made!;
    for (const id of m.domains.keys()) await driver.vmDelete(id, { disks: [] });
    expect(await leftDomains()).toEqual([]);
    await hostVirsh(uri(), 'pool-destroy', m.volPool);
    for (const f of markers()) expect(existsSync(f), f).toBe(false);
  });
});
