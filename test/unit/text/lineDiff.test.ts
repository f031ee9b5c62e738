import { describe, expect, it } from 'vitest';
import type { DiffLine } from '../../../src/shared/text/lineDiff';
import {
  MAX_EDIT_DISTANCE,
  diffHunks,
  diffLineArrays,
  diffLines,
  diffStats,
  splitLines,
} from '../../../src/shared/text/lineDiff';

/** Rebuilds both sides from a diff: every diff must reproduce its inputs exactly. */
function sides(lines: readonly DiffLine[]): { a: string[]; b: string[] } {
  return {
    a: lines.filter((l) => l.kind !== 'add').map((l) => l.text),
    b: lines.filter((l) => l.kind !== 'del').map((l) => l.text),
  };
}

function compact(lines: readonly DiffLine[]): string {
  return lines
    .map((l) => (l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ') + l.text)
    .join('|');
}

/** A tiny deterministic PRNG so the property test is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('diffLines', () => {
  it('reports nothing changed for equal texts', () => {
    const d = diffLines('a\nb\nc', 'a\nb\nc');
    expect(d.every((l) => l.kind === 'same')).toBe(true);
    expect(diffHunks(d)).toEqual([]);
  });

  it('finds a replaced line with its line numbers', () => {
    const d = diffLines('a\nb\nc', 'a\nB\nc');
    expect(compact(d)).toBe(' a|-b|+B| c');
    expect(d[1]).toEqual({ kind: 'del', text: 'b', oldLine: 2 });
    expect(d[2]).toEqual({ kind: 'add', text: 'B', newLine: 2 });
    expect(d[3]).toEqual({ kind: 'same', text: 'c', oldLine: 3, newLine: 3 });
  });

  it('finds a minimal script (the classic ABCABBA / CBABAC example)', () => {
    const d = diffLineArrays([...'ABCABBA'], [...'CBABAC']);
    expect(d.filter((l) => l.kind !== 'same')).toHaveLength(5);
    expect(sides(d)).toEqual({ a: [...'ABCABBA'], b: [...'CBABAC'] });
  });

  it('handles empty sides and insertions at either end', () => {
    expect(compact(diffLineArrays([], ['x', 'y']))).toBe('+x|+y');
    expect(compact(diffLineArrays(['x'], []))).toBe('-x');
    expect(compact(diffLines('b\nc', 'a\nb\nc'))).toBe('+a| b| c');
    expect(compact(diffLines('a\nb', 'a\nb\nc'))).toBe(' a| b|+c');
  });

  it('treats CRLF like LF', () => {
    expect(splitLines('a\r\nb\nc')).toEqual(['a', 'b', 'c']);
  });

  it('always reproduces both inputs and never does worse than replace-all', () => {
    const next = rng(42);
    for (let round = 0; round < 300; round++) {
      const a = Array.from(
        { length: Math.floor(next() * 30) },
        () => 'abcd'[Math.floor(next() * 4)]!,
      );
      const b = Array.from(
        { length: Math.floor(next() * 30) },
        () => 'abcd'[Math.floor(next() * 4)]!,
      );
      const d = diffLineArrays(a, b);
      expect(sides(d)).toEqual({ a, b });
      const { added, removed } = diffStats(d);
      expect(added - removed).toBe(b.length - a.length);
      expect(added + removed).toBeLessThanOrEqual(a.length + b.length);
    }
  });

  it('stays fast on a 2,000-line document and falls back on a total rewrite', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `  <line n="${i}"/>`);
    const b = [...a];
    b[1000] = '  <changed/>';
    b.splice(10, 0, '  <inserted/>');
    const t0 = performance.now();
    const d = diffLineArrays(a, b);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(diffStats(d)).toEqual({ added: 2, removed: 1 });

    const x = Array.from({ length: MAX_EDIT_DISTANCE }, (_, i) => `x${i}`);
    const y = Array.from({ length: MAX_EDIT_DISTANCE }, (_, i) => `y${i}`);
    const big = diffLineArrays(x, y);
    expect(sides(big)).toEqual({ a: x, b: y });
  });
});

describe('diffHunks', () => {
  const a = Array.from({ length: 30 }, (_, i) => `l${i + 1}`);

  it('keeps three lines of context around a change and numbers the hunk', () => {
    const b = [...a];
    b[14] = 'changed';
    const [h, ...rest] = diffHunks(diffLineArrays(a, b));
    expect(rest).toEqual([]);
    expect(h).toMatchObject({ oldStart: 12, oldCount: 7, newStart: 12, newCount: 7 });
    expect(compact(h!.lines)).toBe(' l12| l13| l14|-l15|+changed| l16| l17| l18');
  });

  it('merges changes closer than twice the context, splits others', () => {
    const near = [...a];
    near[5] = 'x';
    near[10] = 'y';
    expect(diffHunks(diffLineArrays(a, near))).toHaveLength(1);
    const far = [...a];
    far[2] = 'x';
    far[25] = 'y';
    const hunks = diffHunks(diffLineArrays(a, far));
    expect(hunks.map((h) => h.newStart)).toEqual([1, 23]);
  });

  it('places a pure deletion after the line it follows', () => {
    const b = a.filter((_, i) => i !== 29);
    const [h] = diffHunks(diffLineArrays(a, b), 0);
    expect(h).toMatchObject({ oldStart: 30, oldCount: 1, newStart: 29, newCount: 0 });
  });
});
