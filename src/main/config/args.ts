// Command-line options shared by the Electron shell and browser mode.
export interface LaunchOptions {
  dataDir: string | null;
  port: number | null;
  open: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): LaunchOptions {
  const opts: LaunchOptions = { dataDir: null, port: null, open: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--data-dir':
        opts.dataDir = value();
        break;
      case '--port': {
        const v = value();
        const port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535)
          throw new UsageError(`--port must be 0–65535, got ${v}`);
        opts.port = port;
        break;
      }
      case '--no-open':
        opts.open = false;
        break;
      default:
        // Electron and Chromium add switches of their own; only refuse ours when malformed.
        break;
    }
  }
  return opts;
}

function splitOnce(arg: string): [string, string] {
  const i = arg.indexOf('=');
  return [arg.slice(0, i), arg.slice(i + 1)];
}
