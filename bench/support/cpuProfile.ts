// Where this process's CPU goes over a window, from V8's sampling profiler (node:inspector, in
// process): self time summed by area (which file the sampled function lives in) and the top
// functions. Benches profile a window of their own, after the measured one, so the profiler's
// cost never shows in a measured figure.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Area of a sampled function, by its file: the parts of a stats tick, then the rest. */
const AREAS: readonly [string, RegExp][] = [
  ['framing', /libvirt-ssh\/framing\.ts$/],
  ['parse', /libvirt-ssh\/domstats\.ts$/],
  ['drift', /libvirt-ssh\/(drift|hostSession|inventory)\.ts$/],
  ['tick', /libvirt-ssh\/stats\.ts$/],
  ['virsh', /libvirt-ssh\/virsh(Errors)?\.ts$/],
  ['events', /libvirt-ssh\/(events|eventLine)\.ts$/],
  ['ssh2', /node_modules\/ssh2\//],
  ['node', /^node:/],
];

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(program)') return 'program';
  for (const [name, re] of AREAS) if (re.test(url)) return name;
  return url ? 'other' : 'native';
}

export interface ProfileSummary {
  /** ms of CPU (self time) per area, over the window. */
  areasMs: Record<string, number>;
  /** The functions with the most self time: `file:function` and ms. */
  top: [string, number][];
  windowMs: number;
}

export function summarize(profile: Profile, topN = 10): ProfileSummary {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next one (the last gets the mean).
  const mean = samples.length ? (profile.endTime - profile.startTime) / samples.length : 0;
  for (let i = 0; i < samples.length; i++) {
    const us = i + 1 < deltas.length ? deltas[i + 1]! : mean;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + us);
  }
  const areas: Record<string, number> = {};
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0 || node.callFrame.functionName === '(idle)') continue;
    const area = areaOf(node);
    areas[area] = (areas[area] ?? 0) + us / 1000;
    const file = node.callFrame.url.split('/').slice(-2).join('/');
    const key = `${file}:${node.callFrame.functionName || '(anonymous)'}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us / 1000);
  }
  const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, topN);
  return { areasMs: areas, top, windowMs: (profile.endTime - profile.startTime) / 1000 };
}

/** Profiles this process for `ms` (sampling every `intervalUs`); writes the raw profile to `file`. */
export async function profileWindow(
  ms: number,
  opts: { intervalUs?: number; file?: string } = {},
): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))),
    );
  try {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: opts.intervalUs ?? 500 });
    await post('Profiler.start');
    await new Promise((r) => setTimeout(r, ms));
    const { profile } = (await post('Profiler.stop')) as { profile: Profile };
    if (opts.file) writeFileSync(opts.file, JSON.stringify(profile));
    return summarize(profile);
  } finally {
    session.disconnect();
  }
}
