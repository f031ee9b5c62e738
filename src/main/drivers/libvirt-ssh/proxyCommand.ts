// A ~/.ssh/config ProxyCommand, run the way OpenSSH runs it (sshconnect.c): `exec COMMAND` through
// the user's $SHELL (else /bin/sh), its stdin/stdout carrying the SSH stream. The command comes
// from the user's own config, never from a URI or the renderer; its %-tokens were expanded when
// the config was read.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';

/** How much of the command's stderr to keep for an error message. */
const STDERR_KEEP = 2000;

export interface ProxyProcess {
  stream: Duplex;
  /** The end of what the command wrote on stderr, trimmed; '' when nothing. */
  stderrTail(): string;
  /** Why the command ended, once it has: "exited with code 1", "was killed by SIGTERM". */
  ended(): string | null;
  /**
   * Waits (at most `ms`) for the command to end: its stdout closes before its exit status is
   * known, and the status is what explains a broken stream.
   */
  settle(ms: number): Promise<void>;
  kill(): void;
}

export function startProxyCommand(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): ProxyProcess {
  const shell = env.SHELL && env.SHELL.length > 0 ? env.SHELL : '/bin/sh';
  const child = spawn(shell, ['-c', `exec ${command}`], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  let ended: string | null = null;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEEP);
  });
  child.on('error', (e) => (ended = `could not be started (${e.message})`));
  child.on('exit', (code, signal) => {
    ended ??= signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
  });
  // A command that dies early closes stdin under us; the SSH layer reports the lost stream.
  child.stdin.on('error', () => {});
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  stream.on('error', () => {});
  return {
    stream,
    stderrTail: () => stderr.trim(),
    ended: () => ended,
    settle: (ms) =>
      Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
