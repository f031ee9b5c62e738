// The sshd processes serving THIS process's connections to the testbed, found with ss, so a test
// can cut its own SSH connection (kill them) without touching anyone else's.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestbedInfo } from './testbed';

const run = promisify(execFile);

/** PIDs of the sshd processes serving THIS process's connections to the testbed (found with ss). */
export async function ourSshdPids(tb: TestbedInfo): Promise<number[]> {
  const { stdout } = await run('ss', [
    '-tnpH',
    'state',
    'established',
    `( dport = :${tb.ssh.port} )`,
  ]);
  const ports = stdout
    .split('\n')
    .filter((l) => l.includes(`pid=${process.pid},`))
    .flatMap((l) => /127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:\d+/.exec(l)?.[1] ?? []);
  const pids: number[] = [];
  for (const port of ports) {
    const server = await run('ss', [
      '-tnpH',
      'state',
      'established',
      `( sport = :${tb.ssh.port} and dport = :${port} )`,
    ]);
    pids.push(...[...server.stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
  }
  return [...new Set(pids)];
}

/** Sends `signal` to each pid; one already gone (sshd's monitor ends with its child) is skipped. */
export function killPids(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }
}
