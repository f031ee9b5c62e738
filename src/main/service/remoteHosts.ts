// libvirt hosts the user added (qemu+ssh://…, or this machine's qemu:///system): saved in
// DATA/connections.json (name and URI only, never a password), each served by a driver that
// connects in the background. A host that is down never blocks the others or the service's
// start-up. This machine's libvirt is added by itself once, on the first start that finds it;
// the file remembers that, so removing it is for good. An added or removed host is announced, and
// its request answered, only once connections.json holding the change is on disk.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { VirtdeskError } from '../../shared/errors';
import type { Host } from '../../shared/model';
import type { Clock } from '../drivers/clock';
import type { HypervisorDriver } from '../drivers/driver';
import { afterWrite } from '../persistence/confirm';
import { JsonStore } from '../persistence/jsonStore';
import { parseLibvirtUri } from '../ssh/libvirtUri';
import type { NoticeBoard } from './notices';
import type { Prompter } from './prompts';

export interface SavedConnection {
  id: string;
  name: string;
  uri: string;
}

interface ConnectionsFile {
  version: 1;
  connections: SavedConnection[];
  /** This machine's hypervisor was added by itself once: never again, even after removal. */
  localAdded?: true;
}

export interface RemoteDriver extends HypervisorDriver {
  connect(): void;
  reconnect(): void;
}

export type RemoteDriverFactory = (opts: {
  hostId: string;
  name: string;
  uri: string;
  prompter: Prompter;
  appKnownHostsFile: string;
  clock: Clock;
}) => RemoteDriver;

export function parseConnectionsFile(raw: unknown): ConnectionsFile {
  const o = raw as Partial<ConnectionsFile> | null;
  if (typeof o !== 'object' || o === null || o.version !== 1 || !Array.isArray(o.connections)) {
    throw new Error('not a virtdesk connections file (version 1)');
  }
  const connections = o.connections.map((c: Partial<SavedConnection> | null, i) => {
    if (typeof c?.id !== 'string' || typeof c.name !== 'string' || typeof c.uri !== 'string') {
      throw new Error(`connection ${i + 1} lacks its id, name or uri`);
    }
    return { id: c.id, name: c.name, uri: c.uri };
  });
  return o.localAdded === true
    ? { version: 1, connections, localAdded: true }
    : { version: 1, connections };
}

export class RemoteHosts {
  private readonly saved = new Map<string, SavedConnection>();
  private readonly store: JsonStore<ConnectionsFile>;
  private localAdded = false;

  constructor(
    private readonly opts: {
      dataDir: string;
      clock: Clock;
      notices: NoticeBoard;
      prompterFor: (hostId: string) => Prompter;
      factory: RemoteDriverFactory;
      /** A driver joins the service (its events get forwarded). */
      attach: (driver: RemoteDriver) => void;
      detach: (hostId: string) => Promise<void>;
      /** This machine's libvirt URI when it has one (localHypervisor.ts); absent, none is added. */
      localHypervisor?: () => string | null;
    },
  ) {
    this.store = new JsonStore<ConnectionsFile>({
      file: join(opts.dataDir, 'connections.json'),
      parse: parseConnectionsFile,
      now: () => opts.clock.now(),
      onError: (e) =>
        opts.notices.add('error', `Saved connections could not be written: ${e.message}`),
    });
  }

  async load(): Promise<void> {
    const loaded = await this.store.load();
    if (loaded.status === 'corrupt') {
      this.opts.notices.add(
        'error',
        `The saved connections file could not be read (${loaded.reason}); it was moved to ` +
          `${loaded.movedTo}. Add your hosts again.`,
      );
    }
    if (loaded.status === 'corrupt') return;
    if (loaded.status === 'ok') {
      this.localAdded = loaded.data.localAdded === true;
      for (const c of loaded.data.connections) {
        this.saved.set(c.id, c);
        this.start(this.create(c));
      }
    }
    await this.addLocalOnce();
  }

  /** The first start that finds this machine's libvirt adds it; once, whatever happens next. */
  private async addLocalOnce(): Promise<void> {
    const uri = this.localAdded ? null : (this.opts.localHypervisor?.() ?? null);
    if (uri === null) return;
    this.localAdded = true;
    // Not a request: a failed write has raised its notice, and the host is there for this run.
    if (![...this.saved.values()].some((c) => c.uri === uri))
      await this.save(this.connection(uri, '')).catch(() => undefined);
    else void this.persist();
  }

  async add(uriText: string, name: string): Promise<Host> {
    const uri = parseLibvirtUri(uriText);
    const existing = [...this.saved.values()].find((c) => c.uri === uri.uri);
    if (existing)
      throw new VirtdeskError('CONFLICT', `${uri.uri} is already added as ${existing.name}.`);
    const c = this.connection(uri.uri, name);
    if ([...this.saved.values()].some((s) => s.name === c.name)) {
      throw new VirtdeskError(
        'CONFLICT',
        `A host named ${c.name} already exists: choose another name.`,
      );
    }
    return (await this.save(c)).getHost();
  }

  /** A new connection for a canonical URI; unnamed, it is named after its host. */
  private connection(uri: string, name: string): SavedConnection {
    const t = parseLibvirtUri(uri);
    const local = t.kind === 'local';
    const named = local ? `This machine${t.path === '/session' ? ' (session)' : ''}` : t.host;
    const id = `${local ? 'local' : 'ssh'}-${randomUUID().slice(0, 8)}`;
    return { id, name: name || named, uri };
  }

  /** Creates the connection's driver, saves the connection, and starts the driver once on disk. */
  private save(c: SavedConnection): Promise<RemoteDriver> {
    // Saved only once its driver exists, so a refused start leaves nothing behind to retry against.
    const driver = this.create(c);
    this.saved.set(c.id, c);
    return afterWrite(this.persist(), () => this.start(driver));
  }

  async remove(hostId: string): Promise<void> {
    if (!this.saved.delete(hostId))
      throw new VirtdeskError('NOT_FOUND', `No remote host ${hostId}.`);
    await afterWrite(this.persist(), () => this.opts.detach(hostId));
  }

  has(hostId: string): boolean {
    return this.saved.has(hostId);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  private create(c: SavedConnection): RemoteDriver {
    return this.opts.factory({
      hostId: c.id,
      name: c.name,
      uri: c.uri,
      prompter: this.opts.prompterFor(c.id),
      appKnownHostsFile: join(this.opts.dataDir, 'known_hosts'),
      clock: this.opts.clock,
    });
  }

  /** The driver joins the service (host-changed goes out) and connects in the background. */
  private start(driver: RemoteDriver): RemoteDriver {
    this.opts.attach(driver);
    driver.connect();
    return driver;
  }

  /** Resolves once a write holding the connections as they are now is on disk. */
  private persist(): Promise<void> {
    const connections = [...this.saved.values()];
    return this.store.save(() =>
      this.localAdded ? { version: 1, connections, localAdded: true } : { version: 1, connections },
    );
  }
}
