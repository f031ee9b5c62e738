// virsh's parser and the remote shell must read every value back exactly, whatever a domain is
// called: the quoting is checked against a model of virsh's word splitting (single quotes literal,
// backslash escapes outside quotes, double quotes), the rules virsh 9.0 showed on the testbed.
import { describe, expect, it } from 'vitest';
import {
  quoteWord,
  shellLine,
  unsendableReason,
  virshLine,
} from '../../../src/main/drivers/libvirt-ssh/quote';

/** Splits a line the way virsh's vshCommandStringGetArg does (and a POSIX shell, for these). */
function splitWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let word = '';
    while (i < line.length && line[i] !== ' ') {
      const c = line[i]!;
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end === -1) throw new Error('unterminated quote');
        word += line.slice(i + 1, end);
        i = end + 1;
      } else if (c === '\\') {
        word += line[i + 1] ?? '';
        i += 2;
      } else if (c === '"') {
        i++;
        while (line[i] !== '"') {
          if (i >= line.length) throw new Error('unterminated quote');
          if (line[i] === '\\') i++;
          word += line[i]!;
          i++;
        }
        i++;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

const HOSTILE = [
  "x';touch /tmp/pwned;'",
  'a b $(touch /tmp/pwned) `id`',
  '"double" \\back\\slash\\',
  "''",
  "'",
  '',
  ' lead and trail ',
  '--all',
  '#comment',
  'semi;colon && or || pipe |',
  'ünïcødé €',
  '!!',
];

describe('virsh quoting', () => {
  it.each(HOSTILE)('reads %j back as one word', (value) => {
    expect(splitWords(`domstate --domain ${quoteWord(value)}`)).toEqual([
      'domstate',
      '--domain',
      value,
    ]);
  });

  it('puts every value after its option, flags as written', () => {
    expect(virshLine('dumpxml', ['--domain', 'a b'], '--inactive')).toBe(
      "dumpxml --domain 'a b' --inactive",
    );
  });

  it('carries TABs and control characters as they are (the session gets them past readline)', () => {
    for (const value of ['tab\there', '\t\tlead', 'esc\u001b[A', 'del\u007f', 'cr\rx']) {
      expect(splitWords(`domstate --domain ${quoteWord(value)}`)).toEqual([
        'domstate',
        '--domain',
        value,
      ]);
    }
  });

  it("refuses only a line break (or NUL), which ends virsh's command line", () => {
    for (const bad of ['a\nb', 'nul\u0000']) {
      expect(() => quoteWord(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
      expect(unsendableReason(bad)).toMatch(/line break/);
    }
    expect(unsendableReason('a\tb')).toBeNull();
  });

  it('refuses option and command names that are not plain words', () => {
    expect(() => virshLine('start; destroy')).toThrow();
    expect(() => virshLine('start', ['--domain x' as `--${string}`, 'y'])).toThrow();
  });

  it('quotes shell words the same way', () => {
    const line = shellLine('virsh', '-c', "qemu+ssh://h/system?socket=/a b/'c'");
    expect(splitWords(line)).toEqual(['virsh', '-c', "qemu+ssh://h/system?socket=/a b/'c'"]);
  });
});
