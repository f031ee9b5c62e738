// The host's SSH socket is opened with TCP_NODELAY: every virsh command and its answer are small
// writes on one long-lived connection, and with Nagle's algorithm on, each reply can wait for the
// peer's delayed ACK (≈ 40 ms a round trip on some kernels). bench/ssh shows the effect in time;
// this test pins the socket option itself, against a real ssh2 server on loopback.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { Server } from 'ssh2';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { connectHop } from '../../../src/main/drivers/libvirt-ssh/connection';
import type { SshHop } from '../../../src/main/drivers/libvirt-ssh/target';
import { generateKey, makeTempDir } from '../ssh/keys';

const tmp = makeTempDir('vd-nodelay-');
afterAll(tmp.cleanup);
const hostKey = generateKey(tmp.dir, 'host_ed25519', 'ed25519');

function startServer(): Promise<{ server: Server; port: number }> {
  const server = new Server({ hostKeys: [readFileSync(hostKey.privateFile)] }, (conn) => {
    conn.on('authentication', (ctx) => ctx.accept());
    conn.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    ),
  );
}

afterEach(() => vi.restoreAllMocks());

describe('connectHop', () => {
  it('turns Nagle off on the TCP socket it opens', async () => {
    const { server, port } = await startServer();
    const knownHosts = path.join(tmp.dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey.typeAndKey}\n`);
    const calls: { socket: net.Socket; enable: boolean | undefined }[] = [];
    const original = net.Socket.prototype.setNoDelay;
    vi.spyOn(net.Socket.prototype, 'setNoDelay').mockImplementation(function (
      this: net.Socket,
      enable?: boolean,
    ) {
      calls.push({ socket: this, enable });
      return original.call(this, enable);
    });
    const hop: SshHop = {
      alias: '127.0.0.1',
      hostName: '127.0.0.1',
      user: 'vdtest',
      port,
      keyHost: '127.0.0.1',
      identityFiles: [],
      identitiesOnly: true,
      knownHostsFiles: [knownHosts],
      strictHostKeyChecking: 'yes',
      label: `vdtest@127.0.0.1:${port}`,
      proxyCommand: null,
    };
    const client = await connectHop(hop, {
      prompter: { hostKey: async () => 'cancel', secret: async () => null },
      appKnownHostsFile: path.join(tmp.dir, 'app_known_hosts'),
      sshAuthSock: null,
      home: tmp.dir,
    });
    try {
      const toServer = calls.filter((c) => c.socket.remotePort === port);
      expect(toServer.length).toBeGreaterThan(0);
      expect(toServer.every((c) => c.enable !== false)).toBe(true);
    } finally {
      client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
