// Where virtdesk keeps its state: --data-dir wins, then VIRTDESK_DATA_DIR, then the platform's
// app-data dir (Electron's userData, or its equivalent when running browser mode under Node).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SimCpuShape } from '../drivers/simulated';
import { hostsWithSeeds } from '../drivers/simulated';

export function platformDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'virtdesk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'virtdesk');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'virtdesk');
}

export function resolveDataDir(
  fromArgs: string | null,
  env: NodeJS.ProcessEnv,
  fallback: string,
): string {
  const chosen = fromArgs ?? (env.VIRTDESK_DATA_DIR || null) ?? fallback;
  return resolve(chosen);
}

/** Extra generated VMs per simulated host, for benchmarks (VIRTDESK_SIM_SEED_VMS). */
export function seedVmsFromEnv(env: NodeJS.ProcessEnv): number {
  const n = Number(env.VIRTDESK_SIM_SEED_VMS ?? 0);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 100_000) : 0;
}

/** How many simulated hosts to serve (VIRTDESK_SIM_HOSTS, default 2: sim1 and sim2), for scale
 * benchmarks and tests; sim3 and later get generated hardware and VMs. */
export function simHostsFromEnv(env: NodeJS.ProcessEnv): number {
  const n = Number(env.VIRTDESK_SIM_HOSTS ?? 2);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 100) : 2;
}

/**
 * VIRTDESK_SIM_TWIN_OF=sim1: simulated hosts without VMs of their own (sim3 …, see
 * VIRTDESK_SIM_HOSTS) are seeded with that host's VMs under the same names, for tests of which
 * VM an action reaches. Only a host seeded fresh; anything but sim1 or sim2 is ignored.
 */
export function simTwinOfFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const id = env.VIRTDESK_SIM_TWIN_OF;
  return id !== undefined && hostsWithSeeds().includes(id) ? id : undefined;
}

/**
 * Bench only: VIRTDESK_SIM_CPUS=sim3:2x32x2,sim4:2x4x2 gives those simulated hosts NODES × CORES
 * per node × THREADS per core (2 nodes, as the profiles' devices expect) instead of their
 * profile's CPUs: the pinning map's bench needs a 128-thread host and a 16-thread one.
 */
export function simCpusFromEnv(env: NodeJS.ProcessEnv): Record<string, SimCpuShape> {
  const out: Record<string, SimCpuShape> = {};
  for (const part of (env.VIRTDESK_SIM_CPUS ?? '').split(',')) {
    const m = /^(sim\d+):2x(\d+)x([12])$/.exec(part.trim());
    if (!m) continue;
    const coresPerNode = Number(m[2]);
    if (coresPerNode >= 1 && coresPerNode <= 128)
      out[m[1]!] = { nodes: 2, coresPerNode, threads: Number(m[3]) };
  }
  return out;
}
