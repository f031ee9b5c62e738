// Volume names out of `virsh vol-list --pool P` (virsh 9 has no `--name`). Each row is
// ` NAME<padding>PATH`, both columns escaped by virsh's table printer: every control character,
// backslash and byte that is not valid in the locale becomes `\xNN` (the session runs in C.UTF-8,
// so other UTF-8 stays as it is). The padding makes a name's own trailing spaces, or a double
// space inside it, indistinguishable from the column gap. In a pool whose volumes are files or
// devices under the pool's target directory (dir, fs, netfs, logical) the path is that directory
// plus the name, so the row is ` NAME<spaces>TARGET/NAME` and the name is the text that both
// begins the row and ends it: exact whatever it holds. Other pools (iSCSI LUNs, disk partitions,
// RBD images) have names the host made up; their rows are split at the first wide gap.

export interface VolRow {
  name: string;
  path: string;
}

/** Undoes virsh's table escaping: `\xNN` is one byte, everything else is itself (UTF-8). */
export function unescapeTable(cell: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < cell.length;) {
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(cell.slice(i, i + 4));
    if (hex) {
      bytes.push(parseInt(hex[1] ?? '0', 16));
      i += 4;
      continue;
    }
    const c = String.fromCodePoint(cell.codePointAt(i) ?? 0);
    bytes.push(...Buffer.from(c, 'utf8'));
    i += c.length;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** How virsh's table prints `text`: control characters and backslashes as `\xNN`. */
export function escapeTable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\\]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** One row split where its path is TARGET/NAME, or null when it is not such a row. */
function underTarget(row: string, prefix: string): { name: string; path: string } | null {
  for (let at = row.indexOf(prefix); at !== -1; at = row.indexOf(prefix, at + 1)) {
    const name = row.slice(at + prefix.length);
    if (name === '' || !row.startsWith(name)) continue;
    const gap = row.slice(name.length, at);
    if (gap.length > 0 && /^ +$/.test(gap)) return { name, path: prefix + name };
  }
  return null;
}

/**
 * The rows of `vol-list` output (with `-q`: no header), names and paths unescaped. `targetPath`
 * is the pool's `<target><path>` (null when it has none).
 */
export function parseVolList(text: string, targetPath: string | null): VolRow[] {
  const prefix = targetPath ? `${escapeTable(targetPath.replace(/\/+$/, ''))}/` : null;
  const out: VolRow[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = line.startsWith(' ') ? line.slice(1) : line;
    const split = /^(?<name>.+?) {2,}(?<path>\S.*)$/.exec(row)?.groups;
    const cut = (prefix === null ? null : underTarget(row, prefix)) ??
      split ?? { name: row.trimEnd(), path: '' };
    out.push({ name: unescapeTable(cut.name ?? ''), path: unescapeTable(cut.path ?? '') });
  }
  return out;
}
