import { describe, expect, it } from 'vitest';
import { CTRL_C, CTRL_U, UP, loggedIn } from './harness';

const PROMPT = 'root@web-01:~# ';

describe('guest line discipline', () => {
  it('echoes what is typed and runs the line on Enter', () => {
    const g = loggedIn();
    g.type('whoami');
    expect(g.out.take()).toBe('whoami');
    g.type('\r');
    expect(g.out.take()).toBe(`\r\nroot\r\n${PROMPT}`);
  });

  it('erases with DEL and with Backspace', () => {
    const g = loggedIn();
    g.type('echo abcx\x7f');
    expect(g.out.take()).toBe('echo abcx\b \b');
    g.type('\x08\x08d\r');
    expect(g.out.take()).toBe(`\b \b\b \bd\r\nad\r\n${PROMPT}`);
    g.type('\x7f\x7f');
    expect(g.out.take()).toBe('');
  });

  it('erases a whole UTF-8 character at once', () => {
    const g = loggedIn();
    g.type('echo é€\x7f\r');
    expect(g.out.take()).toBe(`echo é€\b \b\r\né\r\n${PROMPT}`);
  });

  it('kills the line with Ctrl-U and a word with Ctrl-W', () => {
    const g = loggedIn();
    g.type(`rm -rf${CTRL_U}`);
    expect(g.out.take()).toBe(`rm -rf${'\b \b'.repeat(6)}`);
    g.type('echo one two\x17three\r');
    expect(g.out.take()).toBe(`echo one two${'\b \b'.repeat(3)}three\r\none three\r\n${PROMPT}`);
  });

  it('aborts the line on Ctrl-C with ^C, a new prompt and status 130', () => {
    const g = loggedIn();
    g.type(`reboot${CTRL_C}`);
    expect(g.out.take()).toBe(`reboot^C\r\n${PROMPT}`);
    g.type('\r');
    expect(g.out.take()).toBe(`\r\n${PROMPT}`);
    expect(g.events).toEqual([]);
    expect(g.output('echo $?')).toBe('130\r\n');
  });

  it('swallows escape sequences instead of inserting them', () => {
    const g = loggedIn();
    // Left, right, Home (SS3), F5 and Delete: none of it may reach the line.
    g.type('ec\x1b[D\x1b[C\x1bOH\x1b[15~\x1b[3~ho ok\r');
    expect(g.out.take()).toBe(`echo ok\r\nok\r\n${PROMPT}`);
  });

  it('recalls earlier lines with the up and down arrows', () => {
    const g = loggedIn();
    g.run('echo first');
    g.run('echo second');
    g.type(UP);
    expect(g.out.take()).toBe('echo second');
    g.type(UP);
    expect(g.out.take()).toBe(`${'\b \b'.repeat(11)}echo first`);
    g.type('\x1b[B\x1b[B');
    g.type(UP + UP + '\r');
    expect(g.out.all.endsWith(`\r\nfirst\r\n${PROMPT}`)).toBe(true);
  });

  it('ignores other control characters such as Tab and Ctrl-L', () => {
    const g = loggedIn();
    g.type('echo\t\x0c x\r');
    expect(g.out.take()).toBe(`echo x\r\nx\r\n${PROMPT}`);
  });

  it('lets a pasted script run line by line', () => {
    const g = loggedIn();
    g.type('echo a\recho b\rseq 2\r');
    expect(g.out.take()).toBe(
      `echo a\r\na\r\n${PROMPT}echo b\r\nb\r\n${PROMPT}seq 2\r\n1\r\n2\r\n${PROMPT}`,
    );
  });
});
