// Text edits an editor makes for keys a plain <textarea> does not handle: Tab inserts two
// spaces (or indents every selected line), Shift+Tab outdents. Pure: in text and selection, out
// the range to replace and what to put there, so the caller can apply it as one undoable edit.

export const INDENT = '  ';

export interface TextEdit {
  /** Range of the old text to replace. */
  from: number;
  to: number;
  insert: string;
  /** The selection afterwards. */
  selStart: number;
  selEnd: number;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Tab (indent) or Shift+Tab (outdent) at the given selection; null when nothing changes. */
export function indentEdit(
  text: string,
  selStart: number,
  selEnd: number,
  outdent: boolean,
): TextEdit | null {
  const multiLine = text.slice(selStart, selEnd).includes('\n');
  if (!outdent && !multiLine) {
    const at = selStart + INDENT.length;
    return { from: selStart, to: selEnd, insert: INDENT, selStart: at, selEnd: at };
  }
  const from = lineStart(text, selStart);
  // A selection ending at the start of a line does not take that line along.
  const lastAt = selEnd > selStart && text[selEnd - 1] === '\n' ? selEnd - 1 : selEnd;
  const nl = text.indexOf('\n', lastAt);
  const to = nl === -1 ? text.length : nl;
  const lines = text.slice(from, to).split('\n');
  let firstDelta = 0;
  let total = 0;
  const changed = lines.map((line, i) => {
    let out: string;
    if (outdent) {
      const remove = line.startsWith(INDENT) ? INDENT.length : line.startsWith(' ') ? 1 : 0;
      out = line.slice(remove);
    } else {
      out = INDENT + line;
    }
    const delta = out.length - line.length;
    if (i === 0) firstDelta = delta;
    total += delta;
    return out;
  });
  if (total === 0) return null;
  const insert = changed.join('\n');
  return {
    from,
    to,
    insert,
    selStart: Math.max(from, selStart + firstDelta),
    selEnd: Math.max(from, selEnd + total),
  };
}
