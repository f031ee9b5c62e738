import { describe, expect, it } from 'vitest';
import {
  controlCharsIn,
  hasControlChars,
  hasControlCharsBesideLines,
} from '../../../src/shared/text/chars';

describe('character rules', () => {
  it('finds C0 controls and DEL, nothing printable', () => {
    for (const c of ['\u0000', '\t', '\n', '\u001b', '\u001f', '\u007f'])
      expect(hasControlChars(`a${c}b`)).toBe(true);
    for (const text of ['plain', 'naïve ünïcödé', ' ~', '\u0080'])
      expect(hasControlChars(text)).toBe(false);
  });

  it('lets a multi-line text keep its tabs and line breaks, nothing else', () => {
    expect(hasControlCharsBesideLines('one\ttwo\r\nthree\n')).toBe(false);
    expect(hasControlCharsBesideLines('bell\u0007')).toBe(true);
    expect(hasControlCharsBesideLines('esc\u001b[2J')).toBe(true);
  });

  it('spells each distinct control character once', () => {
    expect(controlCharsIn('a\tb\tc\n\u007f')).toEqual(['\\t', '\\n', '\\x7f']);
  });
});
