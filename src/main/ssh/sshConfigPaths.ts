// File paths in ssh_config: %-tokens and `~` in IdentityFile / UserKnownHostsFile, and the
// targets of Include (relative to ~/.ssh, globbing the file name). The file system is reached only
// through the two default readers below, so tests can hand resolveSshHost an in-memory tree.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { wildcardMatch } from './hostPatterns';

export function expandPath(
  p: string,
  tokens: Record<string, string>,
  home: string,
  notes: string[],
): string {
  const expanded = p.replace(/%(.)/g, (whole, t: string) => {
    const v = tokens[t];
    if (v === undefined) notes.push(`unsupported token ${whole} in ${p}; left as is`);
    return v ?? whole;
  });
  if (expanded === '~') return home;
  if (expanded.startsWith('~/')) return path.join(home, expanded.slice(2));
  // ssh resolves a relative path against its working directory, which for a desktop app is
  // meaningless; the home directory is where such a path was written from.
  return path.isAbsolute(expanded) || expanded.startsWith('~')
    ? expanded
    : path.join(home, expanded);
}

/** Include arguments: `~` is home, relative paths live in ~/.ssh, `*`/`?` glob the last component. */
export function expandInclude(
  arg: string,
  home: string,
  sshDir: string,
  listDir: (dir: string) => string[] | null,
  notes: string[],
  where: string,
): string[] {
  const full =
    arg === '~' || arg.startsWith('~/')
      ? path.join(home, arg.slice(1))
      : path.isAbsolute(arg)
        ? arg
        : path.join(sshDir, arg);
  const dir = path.dirname(full);
  const base = path.basename(full);
  if (/[*?[]/.test(dir)) {
    notes.push(`${where}: Include ${arg}: wildcards are only supported in the file name; skipped`);
    return [];
  }
  if (!/[*?]/.test(base)) return [full];
  // Like glob(3), '*' does not match a leading dot, and matches come back sorted.
  const names = (listDir(dir) ?? [])
    .filter((n) => wildcardMatch(n, base) && (!n.startsWith('.') || base.startsWith('.')))
    .sort();
  return names.map((n) => path.join(dir, n));
}

export function defaultReadFile(p: string): string | null {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

export function defaultListDir(dir: string): string[] | null {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
}
