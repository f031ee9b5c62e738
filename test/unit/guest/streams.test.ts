import { describe, expect, it } from 'vitest';
import {
  base64Source,
  bytesSource,
  headBytes,
  headLines,
  onlcr,
  readAll,
  seqSource,
  textSource,
  urandomSource,
  yesSource,
} from '../../../src/main/drivers/simulated/guest/streams';
import { parseLine } from '../../../src/main/drivers/simulated/guest/shellWords';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('guest streams', () => {
  it.each([0, 1, 2, 3, 56, 57, 58, 1000, 100_003])(
    'base64 of %i bytes matches GNU base64 (76 columns, final newline)',
    (n) => {
      const input = new Uint8Array(n).map((_, i) => (i * 7919) & 0xff);
      const expected = Buffer.from(input).toString('base64').replace(/.{76}/g, '$&\n');
      const wanted = expected.length > 0 && !expected.endsWith('\n') ? `${expected}\n` : expected;
      // Odd read sizes exercise the carry between pulls.
      expect(text(readAll(base64Source(bytesSource(input)), 333))).toBe(wanted);
    },
  );

  it('base64 -w 0 neither wraps nor ends the line', () => {
    const out = text(readAll(base64Source(textSource('x'.repeat(200)), 0)));
    expect(out).toBe(Buffer.from('x'.repeat(200)).toString('base64'));
  });

  it('never hands out more than asked', () => {
    const sources = [
      yesSource('abc'),
      seqSource(1, 1, 1e9),
      onlcr(yesSource('y')),
      base64Source(urandomSource()),
    ];
    for (const s of sources) {
      for (const max of [1, 2, 7, 100, 16_384]) {
        const out = s.next(max);
        expect(out?.length).toBeGreaterThan(0);
        expect(out?.length).toBeLessThanOrEqual(max);
      }
      expect(s.buffered()).toBeLessThanOrEqual(2 * 16_384);
    }
  });

  it('yes keeps its pattern across odd-sized reads', () => {
    const s = yesSource('ab');
    let out = '';
    for (const n of [1, 2, 4, 5, 7, 3000]) out += text(s.next(n) ?? new Uint8Array());
    expect(out).toBe('ab\n'.repeat(1100).slice(0, out.length));
  });

  it('onlcr turns every LF into CRLF', () => {
    expect(text(readAll(onlcr(textSource('a\nb\n\nc')), 3))).toBe('a\r\nb\r\n\r\nc');
  });

  it('head -n and head -c stop their infinite inputs', () => {
    expect(text(readAll(headLines(yesSource('y'), 3)))).toBe('y\ny\ny\n');
    expect(readAll(headBytes(urandomSource(), 100_000)).length).toBe(100_000);
    expect(text(readAll(seqSource(5, -2, 0)))).toBe('5\n3\n1\n');
  });
});

describe('shell words', () => {
  const vars = (name: string) => ({ HOME: '/root', X: 'ex', '?': '3' })[name];

  it('splits words, quotes, escapes and pipelines', () => {
    expect(parseLine(`echo  a 'b  c' "d $X" e\\ f ~ ~/g $? $NOPE "" # no`, vars)).toEqual({
      stages: [['echo', 'a', 'b  c', 'd ex', 'e f', '/root', '/root/g', '3', '']],
    });
    expect(parseLine('seq 3 | head -n 1|cat', vars)).toEqual({
      stages: [['seq', '3'], ['head', '-n', '1'], ['cat']],
    });
    expect(parseLine('   ', vars)).toEqual({ stages: [] });
    expect(parseLine('ls |', vars)).toHaveProperty('error');
    expect(parseLine('ls; reboot', vars)).toHaveProperty('error');
  });
});
