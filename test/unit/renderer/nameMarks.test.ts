// Names that differ only in what a label would not show must look different in the UI.
import { describe, expect, it } from 'vitest';
import { hasMarks, nameMarks } from '../../../src/renderer/src/lib/nameMarks';

describe('name marks', () => {
  it.each([
    ['web', 'web'],
    ['a b', 'a b'],
    ['a\tb', 'a⇥b'],
    [' lead', '·lead'],
    ['trail ', 'trail·'],
    ['dbl  sp', 'dbl··sp'],
    ['s2\nnl', 's2↵nl'],
    ['c\u0001d\u007f', 'c␁d␡'],
    ["q'$(id)`;#--ünï€😀", "q'$(id)`;#--ünï€😀"],
  ])('%j shows as %j', (name, shown) => {
    expect(nameMarks(name)).toBe(shown);
    expect(hasMarks(name)).toBe(name !== shown);
  });

  it('tells apart names a plain label shows the same', () => {
    const names = ['web', ' web', 'web ', 'w eb', 'w  eb', 'w\teb'];
    expect(new Set(names.map(nameMarks)).size).toBe(names.length);
  });
});
