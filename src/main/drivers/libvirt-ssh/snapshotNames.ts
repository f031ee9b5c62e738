// A domain's snapshot names, exactly. `snapshot-list --name` prints each name on its own line as
// it is (TABs, edge spaces and all), but libvirt lets a snapshot name hold a line break (checked
// on the testbed: `<name>s2&#10;nl</name>` defines), which splits it over two lines. The table
// form (`snapshot-list` without --name, same --topological order) prints it as `s2\x0anl` on one
// row, padded; together the two give the exact name. Such a snapshot cannot be named to virsh
// (a command ends at a line break): it is listed read-only from its row, never hiding the others.
import { unescapeTable } from './volList';

export interface UnsendableSnapshot {
  name: string;
  createdAt: number;
  /** As the table prints it: `shutoff`, `running`… */
  state: string;
}

const ROW = /^ ?(.*?) +(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}) +(\S+)(?: +.*)?$/;

/** Whether `line` is the last piece of `piece`: equal, or equal but for padding spaces. */
const endsAs = (line: string, piece: string) =>
  line.startsWith(piece) && /^ *$/.test(line.slice(piece.length));

/**
 * `names` is `snapshot-list --name --topological`, `table` the same list without `--name`. Returns
 * the names virsh can be sent, and the snapshots whose names hold a line break.
 */
export function parseSnapshotNames(
  names: string,
  table: string,
): { sendable: string[]; unsendable: UnsendableSnapshot[] } {
  const lines = names.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const used = new Set<number>();
  const unsendable: UnsendableSnapshot[] = [];
  for (const row of table.split('\n')) {
    const m = ROW.exec(row);
    if (!m || !m[1]?.includes('\\x0a')) continue;
    const pieces = unescapeTable(m[1]).split('\n');
    const k = pieces.length;
    for (let i = 0; i + k <= lines.length; i++) {
      const fits = pieces.every((p, j) =>
        j < k - 1 ? lines[i + j] === p : endsAs(lines[i + j] ?? '', p),
      );
      if (!fits || used.has(i)) continue;
      for (let j = 0; j < k; j++) used.add(i + j);
      unsendable.push({
        name: lines.slice(i, i + k).join('\n'),
        createdAt: Date.parse(
          (m[2] ?? '').replace(' ', 'T').replace(/ ([+-]\d\d)(\d\d)$/, '$1:$2'),
        ),
        state: m[3] ?? '',
      });
      break;
    }
  }
  const sendable = lines.filter((l, i) => l !== '' && !used.has(i));
  return { sendable: [...new Set(sendable)], unsendable };
}
