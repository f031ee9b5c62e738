// A line diff for showing what an edit changes before it is applied: Myers' O(ND) shortest edit
// script over lines, then unified hunks with a few lines of context. Common leading and trailing
// lines are peeled off first, so a typical edit of a large document diffs only a few lines. A
// rewrite so large that the edit script would cost too much memory degrades gracefully to
// "removed these, added those" for the differing middle; the result is still a correct diff.

export type DiffKind = 'same' | 'add' | 'del';

export interface DiffLine {
  kind: DiffKind;
  text: string;
  /** 1-based line in the old text; absent for added lines. */
  oldLine?: number;
  /** 1-based line in the new text; absent for removed lines. */
  newLine?: number;
}

export interface DiffHunk {
  /** First old line the hunk covers (1-based); for an empty range, the line it sits after. */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

/** Most diagonals the edit script may explore before falling back to a block replace. */
export const MAX_EDIT_DISTANCE = 2000;

/** Splits text into lines the way an editor shows them (CRLF and LF both end a line). */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The full line-by-line diff of two texts: every line once, in order. */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  return diffLineArrays(splitLines(oldText), splitLines(newText));
}

export function diffLineArrays(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push(same(a, i, i));
  const script = myers(a, b, start, endA, start, endB);
  let i = start;
  let j = start;
  for (const op of script) {
    if (op === 0) out.push(same(a, i++, j++));
    else if (op === -1) out.push({ kind: 'del', text: a[i]!, oldLine: ++i });
    else out.push({ kind: 'add', text: b[j]!, newLine: ++j });
  }
  for (; i < a.length; i++, j++) out.push(same(a, i, j));
  return out;
}

function same(a: readonly string[], i: number, j: number): DiffLine {
  return { kind: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 };
}

// Edit script ops: 0 keep, -1 delete from a, 1 insert from b.
type Op = 0 | -1 | 1;

function myers(
  a: readonly string[],
  b: readonly string[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): Op[] {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0) return [...Array<Op>(n).fill(-1), ...Array<Op>(m).fill(1)];
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds the furthest x on diagonals -d..d before step d was taken.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  // Too different to diff cheaply: remove the old middle, add the new one.
  return [...Array<Op>(n).fill(-1), ...Array<Op>(m).fill(1)];
}

function backtrack(trace: readonly Int32Array[], dEnd: number, n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!; // diagonals -d-1..d+1, so diagonal k sits at k + d + 1
    const at = (k: number) => v[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(0);
      x--;
      y--;
    }
    ops.push(down ? 1 : -1);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push(0);
    x--;
    y--;
  }
  return ops.reverse();
}

/** Groups a diff into hunks of changes with `context` unchanged lines around each. */
export function diffHunks(lines: readonly DiffLine[], context = 3): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.kind === 'same') i++;
    if (i >= lines.length) break;
    // Hunks never overlap: the previous one stopped more than 2 × context lines before this.
    const from = Math.max(0, i - context);
    // Extend while the next change is within 2 × context unchanged lines.
    let end = i;
    for (;;) {
      while (end < lines.length && lines[end]!.kind !== 'same') end++;
      let gap = end;
      while (gap < lines.length && lines[gap]!.kind === 'same') gap++;
      if (gap < lines.length && gap - end <= 2 * context) end = gap;
      else break;
    }
    const to = Math.min(lines.length, end + context);
    hunks.push(makeHunk(lines, from, to));
    i = to;
  }
  return hunks;
}

function makeHunk(lines: readonly DiffLine[], from: number, to: number): DiffHunk {
  const slice = lines.slice(from, to);
  const oldLines = slice.filter((l) => l.oldLine !== undefined);
  const newLines = slice.filter((l) => l.newLine !== undefined);
  return {
    oldStart: oldLines[0]?.oldLine ?? lineBefore(lines, from, 'oldLine'),
    oldCount: oldLines.length,
    newStart: newLines[0]?.newLine ?? lineBefore(lines, from, 'newLine'),
    newCount: newLines.length,
    lines: slice,
  };
}

function lineBefore(lines: readonly DiffLine[], index: number, key: 'oldLine' | 'newLine'): number {
  for (let i = index - 1; i >= 0; i--) {
    const n = lines[i]![key];
    if (n !== undefined) return n;
  }
  return 0;
}

/** Counts of added and removed lines. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
