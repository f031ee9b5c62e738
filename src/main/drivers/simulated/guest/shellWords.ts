// The slice of bash's grammar the simulated shell understands: words, quotes, backslashes,
// $VARIABLE expansion, "~" and pipelines. Anything else that would change what runs (redirection,
// lists, background jobs) is refused rather than silently taken literally.

export type ParsedLine = { stages: string[][] } | { error: string };

/** Operators bash would act on and this shell does not implement. */
const UNSUPPORTED = new Set([';', '&', '<', '>', '`', '(', ')']);

const isNameStart = (c: string) => /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);

/**
 * Splits a command line into pipeline stages of argv words. `lookup` answers variables ($?,
 * $RANDOM, $HOME, …); unknown ones expand to nothing, as in bash.
 */
export function parseLine(line: string, lookup: (name: string) => string | undefined): ParsedLine {
  const stages: string[][] = [[]];
  let word = '';
  // A word exists once it has a character or a quote: "" is an empty argument, $UNSET is none.
  let inWord = false;
  let i = 0;

  const endWord = () => {
    if (inWord) stages[stages.length - 1]?.push(word);
    word = '';
    inWord = false;
  };

  const expand = (): string => {
    // At a "$": returns the expansion and leaves i after the variable name.
    const c = line[i + 1] ?? '';
    if (c === '?' || c === '$' || c === '#' || /[0-9]/.test(c)) {
      i += 2;
      return lookup(c) ?? '';
    }
    if (c === '{') {
      const close = line.indexOf('}', i + 2);
      if (close > i + 2) {
        const name = line.slice(i + 2, close);
        i = close + 1;
        return lookup(name) ?? '';
      }
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < line.length && isNameChar(line[j] ?? '')) j++;
      const name = line.slice(i + 1, j);
      i = j;
      return lookup(name) ?? '';
    }
    i += 1;
    return '$';
  };

  while (i < line.length) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '|') {
      endWord();
      if (stages[stages.length - 1]?.length === 0) return syntaxError('|');
      stages.push([]);
      i++;
    } else if (UNSUPPORTED.has(c)) {
      return { error: `-bash: \`${c}': not supported by this simulated shell` };
    } else if (c === '\\') {
      word += line[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      const end = close < 0 ? line.length : close;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      while (i < line.length && line[i] !== '"') {
        const d = line[i] ?? '';
        if (d === '\\' && '"\\$`'.includes(line[i + 1] ?? 'x')) {
          word += line[i + 1];
          i += 2;
        } else if (d === '$') {
          word += expand();
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '$') {
      const value = expand();
      word += value;
      inWord ||= value !== '';
    } else if (c === '~' && !inWord && /^(\/|\s|$)/.test(line.slice(i + 1, i + 2))) {
      word += lookup('HOME') ?? '~';
      inWord = true;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endWord();
  if (stages.length > 1 && stages[stages.length - 1]?.length === 0) return syntaxError('newline');
  return { stages: stages.filter((s) => s.length > 0) };
}

function syntaxError(token: string): ParsedLine {
  return { error: `-bash: syntax error near unexpected token \`${token}'` };
}
