// stress-ng in the simulated guest: its output, the dirty rate it adds while it runs, and its end
// by --timeout or Ctrl-C.
import { describe, expect, it } from 'vitest';
import { CTRL_C, makeGuest } from './harness';

const GiB = 2 ** 30;

async function loggedIn(memoryMiB = 4096, vcpus = 2) {
  const g = makeGuest({ memoryMiB, vcpus });
  g.guest.boot();
  g.clock.advance(5_000);
  g.type('root\r');
  g.clock.advance(100);
  g.out.take();
  return g;
}

describe('stress-ng in the guest', () => {
  it('raises the dirty rate while it runs and lowers it on Ctrl-C', async () => {
    const g = await loggedIn();
    expect(g.guest.workloadBytesPerSec).toBe(0);
    g.type('stress-ng --vm 2 --vm-bytes 1G\r');
    g.clock.advance(100);
    expect(g.out.take()).toContain('stress-ng: info:  [1342] dispatching hogs: 2 vm');
    expect(g.guest.workloadBytesPerSec).toBe(2 * GiB);
    g.clock.advance(60_000);
    expect(g.guest.workloadBytesPerSec).toBe(2 * GiB);
    g.type(CTRL_C);
    expect(g.guest.workloadBytesPerSec).toBe(0);
    expect(g.out.take()).toMatch(/\^C\r\nroot@.*# $/);
  });

  it('ends by itself after --timeout, printing the summary', async () => {
    const g = await loggedIn();
    g.type('stress-ng --vm=1 --vm-bytes 512M --timeout 10s\r');
    g.clock.advance(100);
    expect(g.guest.workloadBytesPerSec).toBe(512 * 2 ** 20);
    g.clock.advance(10_000);
    expect(g.out.take()).toContain('successful run completed in 10.00s');
    expect(g.guest.workloadBytesPerSec).toBe(0);
  });

  it('caps the rate by vCPUs and memory, and refuses bad arguments', async () => {
    const g = await loggedIn(1024, 1);
    g.type('stress-ng --vm 4 --vm-bytes 8G\r');
    g.clock.advance(100);
    expect(g.guest.workloadBytesPerSec).toBe(1 * GiB); // one vCPU, 1 GiB of memory
    g.type(CTRL_C);
    g.type('stress-ng\r');
    g.clock.advance(100);
    expect(g.out.take()).toContain('No stress workers invoked');
    g.type('stress-ng --vm 1 --vm-bytes lots\r');
    g.clock.advance(100);
    expect(g.out.take()).toContain("invalid value 'lots' for --vm-bytes");
    expect(g.guest.workloadBytesPerSec).toBe(0);
  });
});
