import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../../../src/shared/text/indent';
import { indentEdit } from '../../../src/shared/text/indent';

function apply(text: string, e: TextEdit | null): string {
  return e === null ? text : text.slice(0, e.from) + e.insert + text.slice(e.to);
}

describe('indentEdit', () => {
  it('inserts two spaces at the caret, replacing a one-line selection', () => {
    const e = indentEdit('<a>x</a>', 3, 3, false);
    expect(apply('<a>x</a>', e)).toBe('<a>  x</a>');
    expect([e!.selStart, e!.selEnd]).toEqual([5, 5]);
    expect(apply('<a>x</a>', indentEdit('<a>x</a>', 3, 4, false))).toBe('<a>  </a>');
  });

  it('indents and outdents every selected line, keeping the selection on them', () => {
    const text = 'a\n  b\nc';
    const e = indentEdit(text, 0, 5, false);
    expect(apply(text, e)).toBe('  a\n    b\nc');
    expect([e!.selStart, e!.selEnd]).toEqual([2, 9]);
    const o = indentEdit('  a\n    b\nc', 2, 9, true);
    expect(apply('  a\n    b\nc', o)).toBe(text);
  });

  it('does not take the line after a selection that ends at a line start', () => {
    expect(apply('a\nb\nc', indentEdit('a\nb\nc', 0, 2, false))).toBe('  a\nb\nc');
  });

  it('outdents by what is there, and reports no change for an unindented line', () => {
    expect(apply(' x', indentEdit(' x', 1, 1, true))).toBe('x');
    expect(indentEdit('x', 0, 0, true)).toBeNull();
  });
});
