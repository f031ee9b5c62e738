import { describe, expect, it } from 'vitest';
import { NAME_MAX, checkName } from '../../../src/shared/names';

describe('checkName', () => {
  it.each([
    ['a;rm -rf /', /'\/'/],
    ['$(reboot)', /may not contain \$ \( \)/],
    ['`reboot`', /may not contain `/],
    ['../x', /'\/'/],
    ['x'.repeat(10 * 1024), /at most 64 characters \(it has 10240\)/],
    ['web\n01', /control characters/],
    ['web\u0000', /control characters/],
    ['tab\there', /control characters/],
    ['del\u007f', /control characters/],
    ['', /is required/],
    ['-rf', /must start with a letter or digit/],
    ['.hidden', /must start with a letter or digit/],
    ['web 01', /may not contain/],
    ['naïve', /may not contain ï/],
    ['a|b&c', /may not contain \| &/],
  ])('refuses %j with a message naming the problem', (name, message) => {
    const problem = checkName(name);
    expect(problem).not.toBeNull();
    expect(problem).toMatch(message);
  });

  it.each(['web-01', 'k3s-node-1', 'win11_gaming', 'a', 'vm.example.org', 'gcc+1', 'x'.repeat(64)])(
    'accepts %j',
    (name) => {
      expect(checkName(name)).toBeNull();
    },
  );

  it('names the thing being checked', () => {
    expect(checkName('', 'Network')).toBe('Network is required.');
    expect(checkName('x'.repeat(NAME_MAX + 1), 'Snapshot name')).toMatch(/^Snapshot name must/);
  });
});
