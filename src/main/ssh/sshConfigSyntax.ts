// The line syntax of ssh_config(5), as OpenSSH's readconf.c reads it: a case-insensitive keyword,
// then whitespace or one '=', then arguments split like argv_split(): double or single quotes
// group words, backslash escapes a quote, a backslash or (outside quotes) a space, and a word
// starting with '#' begins a comment.

export interface ConfigLine {
  /** Lower-cased, so `HostName`, `hostname` and `HOSTNAME` are the same keyword. */
  keyword: string;
  args: string[];
  /** Everything after the keyword (and its '='), as written. */
  rest: string;
}

/** null for blank and comment lines; 'unterminated-quote' for a line ssh itself would reject. */
export function splitConfigLine(raw: string): ConfigLine | null | 'unterminated-quote' {
  const m = /^[ \t\f]*([^ \t\f=]*)[ \t\f]*(?:=[ \t\f]*)?(.*)$/s.exec(raw);
  const keyword = m?.[1] ?? '';
  if (keyword === '' || keyword.startsWith('#')) return null;
  const args = splitArgs(m?.[2] ?? '');
  if (args === null) return 'unterminated-quote';
  // ProxyCommand takes the rest of the line as written (readconf.c): it goes to a shell, which
  // does its own quoting.
  return { keyword: keyword.toLowerCase(), args, rest: (m?.[2] ?? '').replace(/[\s]+$/, '') };
}

function splitArgs(s: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    let word = '';
    let quote: string | null = null;
    for (; i < s.length; i++) {
      const ch = s[i] ?? '';
      const next = s[i + 1];
      if (
        ch === '\\' &&
        (next === '"' || next === "'" || next === '\\' || (!quote && next === ' '))
      ) {
        word += next;
        i++;
      } else if (!quote && (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\r')) {
        break;
      } else if (!quote && (ch === '"' || ch === "'")) {
        quote = ch;
      } else if (quote && ch === quote) {
        quote = null;
      } else {
        word += ch;
      }
    }
    if (quote) return null;
    args.push(word);
  }
  return args;
}

export type YesNo = boolean | null;

/** ssh_config's yes/no flags (also true/false), or null for anything else. */
export function parseYesNo(v: string | undefined): YesNo {
  const s = (v ?? '').toLowerCase();
  if (s === 'yes' || s === 'true') return true;
  if (s === 'no' || s === 'false') return false;
  return null;
}
