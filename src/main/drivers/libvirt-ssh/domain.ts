// libvirt domains over the host's virsh session (cockpit's libvirtApi/domain.ts, object-verb
// names, one object argument). Domains are addressed by UUID, never by name, so a renamed or
// hostile name cannot point a command at another domain. Reads live in domainRead.ts and
// domainScan.ts.
import { VirtdeskError } from '../../../shared/errors';
import { virshLine } from './quote';
import type { VirshResult } from './virsh';
import type { HostTransport } from './transport';
import { virshArgv } from './virsh';
import { commandFailure } from './virshErrors';

/** What domain functions need of a virsh session. */
export interface Virsh {
  batch(lines: readonly string[]): Promise<VirshResult[]>;
  call(line: string): Promise<string>;
}

const dom = (id: string) => ['--domain', id] as const;

type Action = 'start' | 'shutdown' | 'reboot' | 'destroy' | 'suspend' | 'resume';

async function act(virsh: Virsh, action: Action, id: string): Promise<void> {
  await virsh.call(virshLine(action, dom(id)));
}

export const domainStart = ({ virsh, id }: { virsh: Virsh; id: string }) => act(virsh, 'start', id);
export const domainShutdown = ({ virsh, id }: { virsh: Virsh; id: string }) =>
  act(virsh, 'shutdown', id);
export const domainReboot = ({ virsh, id }: { virsh: Virsh; id: string }) =>
  act(virsh, 'reboot', id);
export const domainDestroy = ({ virsh, id }: { virsh: Virsh; id: string }) =>
  act(virsh, 'destroy', id);
export const domainSuspend = ({ virsh, id }: { virsh: Virsh; id: string }) =>
  act(virsh, 'suspend', id);
export const domainResume = ({ virsh, id }: { virsh: Virsh; id: string }) =>
  act(virsh, 'resume', id);

/**
 * Removes the definition only: the disks' volumes stay (vmDelete.ts deletes the chosen ones; never
 * --remove-all-storage, which also takes volumes other domains use).
 * --nvram: a UEFI domain cannot be undefined while its NVRAM file is kept, and that file is part
 * of the definition, not of the user's data.
 */
export async function domainUndefine({ virsh, id }: { virsh: Virsh; id: string }): Promise<void> {
  await virsh.call(virshLine('undefine', dom(id), '--nvram'));
}

/**
 * `virsh define` of a document, on a channel of its own with the XML on stdin: the XML
 * never passes through a shell or virsh's parser, whatever it contains.
 */
export async function domainDefineXml({
  transport,
  virshUri,
  hostName,
  xml,
}: {
  transport: HostTransport;
  virshUri: string;
  hostName: string;
  xml: string;
}): Promise<void> {
  const argv = virshArgv(virshUri, 'define', '--file', '/dev/stdin');
  const channel = await transport.exec(argv, { stdinAsFile: true });
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let stderr = '';
    let code: number | null = null;
    channel.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    channel.on('data', () => {});
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => resolve({ code, stderr }));
    channel.end(xml);
  });
  if (result.code === 0) return;
  if (result.code === null && result.stderr === '') {
    throw new VirtdeskError(
      'DISCONNECTED',
      `Connection lost while defining a domain on ${hostName}.`,
    );
  }
  throw commandFailure(result.code, result.stderr, hostName);
}
