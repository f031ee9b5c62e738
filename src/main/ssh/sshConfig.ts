// Resolves a host through the user's OpenSSH client config the way `ssh -G host` does, for the
// settings virtdesk acts on. Semantics kept from readconf.c: the first value obtained for a keyword
// wins (so specific Host blocks go first and `Host *` last), IdentityFile accumulates, Include is
// conditional on the enclosing Host block and nests at most 16 deep, and %-tokens in file paths are
// expanded only after every line has been read (they depend on the final user, host and port).
import path from 'node:path';
import { VirtdeskError } from '../../shared/errors';
import { matchPatternList } from './hostPatterns';
import { defaultListDir, defaultReadFile, expandInclude, expandPath } from './sshConfigPaths';
import { parseYesNo, splitConfigLine } from './sshConfigSyntax';
import { checkPort, parseUserHostPort, type UserHostPort } from './userHostPort';

export type JumpHost = UserHostPort;
export type StrictHostKeyChecking = 'yes' | 'no' | 'ask' | 'accept-new';

export interface ResolvedHost {
  /** The name that was looked up (an alias or a real name), lower-cased like ssh does. */
  host: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Hops to go through, first hop first; each is itself resolved through the config by the caller. */
  proxyJump: JumpHost[];
  /**
   * The ProxyCommand to run (via the user's shell, as OpenSSH does), its %-tokens already expanded;
   * null when there is none.
   */
  proxyCommand: string | null;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  /** When set, known_hosts is searched for this name instead of hostName (HostKeyAlias). */
  hostKeyAlias: string | null;
  /** Lines read but not acted on (Match criteria, unknown tokens...), as `file:line: why`. */
  notes: string[];
}

export interface ResolveOptions {
  /** The top-level config text; read from configPath (default ~/.ssh/config) when absent. */
  configText?: string;
  configPath?: string;
  home: string;
  localUser: string;
  /** Values from the connection URI; like ssh's command line they beat the config file. */
  user?: string | null;
  port?: number | null;
  /** Returns null for a missing or unreadable file. */
  readFile?: (p: string) => string | null;
  /** Lists a directory's entry names for Include globs; null when it cannot be read. */
  listDir?: (dir: string) => string[] | null;
}

export const INCLUDE_MAX_DEPTH = 16;

const STRICT: Record<string, StrictHostKeyChecking> = {
  yes: 'yes',
  true: 'yes',
  no: 'no',
  false: 'no',
  off: 'no',
  ask: 'ask',
  'accept-new': 'accept-new',
};

interface Collected {
  first: Map<string, string[]>;
  identityFiles: string[];
  notes: string[];
}

export function resolveSshHost(hostArg: string, opts: ResolveOptions): ResolvedHost {
  const host = hostArg.toLowerCase();
  const readFile = opts.readFile ?? defaultReadFile;
  const listDir = opts.listDir ?? defaultListDir;
  const sshDir = path.join(opts.home, '.ssh');
  const configPath = opts.configPath ?? path.join(sshDir, 'config');
  const c: Collected = { first: new Map(), identityFiles: [], notes: [] };

  const walk = (text: string, file: string, depth: number): void => {
    if (depth > INCLUDE_MAX_DEPTH) {
      throw new VirtdeskError(
        'INVALID_INPUT',
        `ssh config: more than ${INCLUDE_MAX_DEPTH} nested Include levels (at ${file}); is there an Include loop?`,
      );
    }
    // Lines before the first Host/Match apply to every host; an included file starts active and
    // its Host lines do not leak out to the file that included it.
    let active = true;
    text.split(/\r?\n/).forEach((raw, index) => {
      const where = `${file}:${index + 1}`;
      const line = splitConfigLine(raw);
      if (line === null) return;
      if (line === 'unterminated-quote') {
        c.notes.push(`${where}: unterminated quote; line ignored`);
        return;
      }
      const { keyword, args } = line;
      if (keyword === 'host') {
        active = matchPatternList(host, args);
      } else if (keyword === 'match') {
        // Match criteria (exec, localnetwork, canonical...) need a live ssh to evaluate; only the
        // unconditional `Match all` is honoured, every other Match block is skipped.
        active = args.length === 1 && args[0]?.toLowerCase() === 'all';
        if (!active) c.notes.push(`${where}: Match ${args.join(' ')} not evaluated; block skipped`);
      } else if (active && keyword === 'include') {
        for (const pattern of args) {
          for (const f of expandInclude(pattern, opts.home, sshDir, listDir, c.notes, where)) {
            const included = readFile(f);
            if (included !== null) walk(included, f, depth + 1);
          }
        }
      } else if (active) {
        collect(c, keyword, args, where, line.rest);
      }
    });
  };

  const top = opts.configText ?? readFile(configPath);
  if (top !== null) walk(top, configPath, 0);

  const get = (k: string): string | undefined => c.first.get(k)?.[0];
  const hostName = (get('hostname') ?? '%h').replace(/%(%|h)/g, (_, t: string) =>
    t === '%' ? '%' : host,
  );
  const user = opts.user ?? get('user') ?? opts.localUser;
  const portText = get('port');
  const port = opts.port ?? (portText === undefined ? 22 : checkPort(portText));
  const hostKeyAlias = get('hostkeyalias') ?? null;
  const tokens: Record<string, string> = {
    '%': '%',
    d: opts.home,
    u: opts.localUser,
    h: hostName,
    n: host,
    p: String(port),
    r: user,
    k: hostKeyAlias ?? host,
  };
  const file = (p: string): string => expandPath(p, tokens, opts.home, c.notes);
  const files = (k: string, defaults: string[]): string[] => {
    const v = c.first.get(k);
    if (v === undefined) return defaults;
    return v.length === 1 && v[0]?.toLowerCase() === 'none' ? [] : v.map(file);
  };

  const proxy = c.first.get('proxy');
  const proxyIsJump = proxy?.[0] === 'jump';
  const jump = proxyIsJump ? (proxy?.[1] ?? 'none') : 'none';
  const proxyCommandText = proxy && !proxyIsJump ? (proxy[1] ?? '') : null;
  const proxyCommand =
    proxyCommandText === null || proxyCommandText.toLowerCase() === 'none'
      ? null
      : expandCommand(proxyCommandText, tokens);

  return {
    host,
    hostName,
    user,
    port,
    identityFiles:
      c.identityFiles.length > 0
        ? [...new Set(c.identityFiles.map(file))]
        : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => path.join(sshDir, n)),
    identitiesOnly: parseYesNo(get('identitiesonly')) ?? false,
    proxyJump: jump.toLowerCase() === 'none' ? [] : parseJumps(jump, proxy?.[2] ?? ''),
    proxyCommand,
    userKnownHostsFiles: files('userknownhostsfile', [
      path.join(sshDir, 'known_hosts'),
      path.join(sshDir, 'known_hosts2'),
    ]),
    globalKnownHostsFiles: files('globalknownhostsfile', [
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
    ]),
    strictHostKeyChecking: STRICT[get('stricthostkeychecking')?.toLowerCase() ?? 'ask'] ?? 'ask',
    hostKeyAlias,
    notes: c.notes,
  };
}

function collect(c: Collected, keyword: string, args: string[], where: string, rest: string): void {
  if (args.length === 0) {
    c.notes.push(`${where}: ${keyword} has no value; ignored`);
    return;
  }
  const setFirst = (k: string, v: string[]): void => {
    if (!c.first.has(k)) c.first.set(k, v);
  };
  switch (keyword) {
    case 'identityfile':
      c.identityFiles.push(args[0] ?? '');
      break;
    case 'port':
      // Checked here so the message can say where the bad value is.
      if (!c.first.has('port')) checkPortAt(args[0] ?? '', where);
      setFirst('port', args);
      break;
    case 'proxyjump':
      // ProxyJump and ProxyCommand exclude each other: whichever comes first wins.
      setFirst('proxy', ['jump', args[0] ?? '', where]);
      break;
    case 'proxycommand':
      setFirst('proxy', ['command', rest]);
      break;
    case 'hostname':
    case 'user':
    case 'identitiesonly':
    case 'userknownhostsfile':
    case 'globalknownhostsfile':
    case 'stricthostkeychecking':
    case 'hostkeyalias':
      setFirst(keyword, args);
      break;
    default:
      break; // Everything else (Ciphers, ForwardAgent...) does not change how virtdesk connects.
  }
}

function checkPortAt(text: string, where: string): void {
  try {
    checkPort(text);
  } catch (e) {
    throw new VirtdeskError('INVALID_INPUT', `ssh config ${where}: ${(e as Error).message}`);
  }
}

function parseJumps(list: string, where: string): JumpHost[] {
  return list.split(',').map((hop) => {
    const text = hop
      .trim()
      .replace(/^ssh:\/\//i, '')
      .replace(/\/$/, '');
    try {
      return parseUserHostPort(text);
    } catch (e) {
      throw new VirtdeskError(
        'INVALID_INPUT',
        `ssh config ${where}: ProxyJump: ${(e as Error).message}`,
      );
    }
  });
}

/**
 * ProxyCommand's %-tokens, as OpenSSH expands them (%h is the HostName, %n the name given, %p, %r,
 * %u, %d, %k, %%). An unknown token is refused, as ssh refuses it, rather than run half-expanded.
 */
function expandCommand(command: string, tokens: Record<string, string>): string {
  return command.replace(/%(.)/g, (whole, t: string) => {
    const v = tokens[t];
    if (v === undefined) {
      throw new VirtdeskError(
        'INVALID_INPUT',
        `ssh config: ProxyCommand: unknown token ${whole} in ${JSON.stringify(command)}`,
      );
    }
    return v;
  });
}
