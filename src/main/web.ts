// Browser mode entry: `npm run web -- [--port N] [--no-open] [--data-dir DIR]`. Runs under plain
// Node; never imports electron.
import { join } from 'node:path';
import { parseArgs, UsageError } from './config/args';
import {
  platformDataDir,
  resolveDataDir,
  seedVmsFromEnv,
  simHostsFromEnv,
  simCpusFromEnv,
  simTwinOfFromEnv,
} from './config/dataDir';
import { openBrowser } from './config/openBrowser';
import { LibvirtSshDriver } from './drivers/libvirt-ssh';
import { detectLocalHypervisor } from './service/localHypervisor';
import { createService } from './service/service';
import { DEFAULT_PORT, startWebServer } from './transports/web/server';

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dataDir = resolveDataDir(opts.dataDir, process.env, platformDataDir());
  const service = await createService({
    dataDir,
    seedVmsPerHost: seedVmsFromEnv(process.env),
    simHosts: simHostsFromEnv(process.env),
    simTwinOf: simTwinOfFromEnv(process.env),
    simCpus: simCpusFromEnv(process.env),
    remoteDriverFactory: (o) => new LibvirtSshDriver(o),
    localHypervisor: () => detectLocalHypervisor(process.env),
  });
  const port = opts.port ?? DEFAULT_PORT;
  let server;
  try {
    server = await startWebServer({
      host: service,
      rendererDir: join(__dirname, '../renderer'),
      port,
    });
  } catch (e) {
    await service.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is in use (try --port 0 for any free port)`);
    throw e;
  }
  console.log(`virtdesk listening at ${server.url}`);
  if (opts.open) openBrowser(server.url);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server
      .close()
      .then(() => service.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`virtdesk: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
