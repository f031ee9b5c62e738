// Names as a remote host holds them may carry what a label would hide: a TAB, spaces at either
// end or two in a row, a line break, other control characters. Shown as they are, ` web` and
// `web`, or `a<TAB>b` and `a b`, look the same. The marks make the difference visible; the exact
// name stays in the title and the accessible name of whatever shows it (ShownName).

/** The name with its invisible parts marked: ⇥ TAB, · edge or repeated space, ↵ line break. */
export function nameMarks(name: string): string {
  const chars = [...name];
  return chars
    .map((c, i) => {
      if (c === '\t') return '⇥';
      if (c === '\n') return '↵';
      const code = c.charCodeAt(0);
      if (code === 0x7f) return '␡';
      if (code < 0x20) return String.fromCharCode(0x2400 + code);
      if (c !== ' ') return c;
      const edge = i === 0 || i === chars.length - 1;
      const repeated = chars[i - 1] === ' ' || chars[i + 1] === ' ';
      return edge || repeated ? '·' : c;
    })
    .join('');
}

/** Whether the name shows differently from what it is. */
export const hasMarks = (name: string): boolean => nameMarks(name) !== name;
