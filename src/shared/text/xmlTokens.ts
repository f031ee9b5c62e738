// A forgiving XML tokenizer for syntax highlighting, one line at a time. Each line starts in the
// state the previous one ended in (inside a comment, a tag, a quoted value…), so an editor can
// re-tokenize only the lines that changed: XmlTokenCache keeps results by (state, line text), and
// a typed character costs one line, not the document. It never throws and never validates; text
// it cannot classify is plain text.

export type XmlTokenKind =
  | 'text'
  | 'tag' // < name, </name, >, />
  | 'attr' // attribute names
  | 'punct' // = between an attribute and its value
  | 'value' // quoted attribute values, quotes included
  | 'entity' // &amp; &#10; &lt; …
  | 'comment'
  | 'cdata'
  | 'pi' // <?xml … ?>
  | 'decl'; // <!DOCTYPE …>

export interface XmlToken {
  kind: XmlTokenKind;
  text: string;
}

/** Where a line starts: the construct still open at the end of the previous line. */
export const XmlState = {
  Text: 0,
  Tag: 1,
  ValueDq: 2,
  ValueSq: 3,
  Comment: 4,
  Cdata: 5,
  Pi: 6,
  Decl: 7,
} as const;
export type XmlState = (typeof XmlState)[keyof typeof XmlState];

export interface LineTokens {
  tokens: XmlToken[];
  end: XmlState;
}

const NAME = /[^\s<>/="'&?!]+/y;
const ENTITY = /&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/y;
const SPACE = /\s+/y;

/** Where an open construct ends, and the state after it. */
const CLOSERS: Partial<Record<XmlState, [string, XmlTokenKind, XmlState]>> = {
  [XmlState.ValueDq]: ['"', 'value', XmlState.Tag],
  [XmlState.ValueSq]: ["'", 'value', XmlState.Tag],
  [XmlState.Comment]: ['-->', 'comment', XmlState.Text],
  [XmlState.Cdata]: [']]>', 'cdata', XmlState.Text],
  [XmlState.Pi]: ['?>', 'pi', XmlState.Text],
  [XmlState.Decl]: ['>', 'decl', XmlState.Text],
};

export function tokenizeLine(line: string, start: XmlState): LineTokens {
  const tokens: XmlToken[] = [];
  const push = (kind: XmlTokenKind, text: string): void => {
    if (text === '') return;
    const last = tokens[tokens.length - 1];
    if (last?.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  const pushValue = (text: string): void => {
    // Entity references inside attribute values stand out too.
    let at = 0;
    for (const m of text.matchAll(/&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/g)) {
      push('value', text.slice(at, m.index));
      push('entity', m[0]);
      at = m.index + m[0].length;
    }
    push('value', text.slice(at));
  };
  const match = (re: RegExp, at: number): string | null => {
    re.lastIndex = at;
    const m = re.exec(line);
    return m === null ? null : m[0];
  };

  let state: XmlState = start;
  let pos = 0;
  while (pos < line.length) {
    const closer = CLOSERS[state];
    if (closer !== undefined) {
      const [close, kind, after] = closer;
      const end = line.indexOf(close, pos);
      const stop = end === -1 ? line.length : end + close.length;
      if (kind === 'value') pushValue(line.slice(pos, stop));
      else push(kind, line.slice(pos, stop));
      pos = stop;
      if (end !== -1) state = after;
      continue;
    }
    if (state === XmlState.Tag) {
      const ch = line[pos]!;
      const space = match(SPACE, pos);
      const name = space === null ? match(NAME, pos) : null;
      if (space !== null) {
        push('text', space);
        pos += space.length;
      } else if (ch === '>' || line.startsWith('/>', pos) || line.startsWith('?>', pos)) {
        const len = ch === '>' ? 1 : 2;
        push('tag', line.slice(pos, pos + len));
        pos += len;
        state = XmlState.Text;
      } else if (ch === '"' || ch === "'") {
        pushValue(ch);
        pos++;
        state = ch === '"' ? XmlState.ValueDq : XmlState.ValueSq;
      } else if (ch === '=') {
        push('punct', ch);
        pos++;
      } else if (name !== null) {
        push('attr', name);
        pos += name.length;
      } else if (ch === '<') {
        state = XmlState.Text; // an unclosed tag: start over at the new one
      } else {
        push('text', ch);
        pos++;
      }
      continue;
    }
    // Text content.
    const lt = line.indexOf('<', pos);
    const amp = line.indexOf('&', pos);
    const next = Math.min(lt === -1 ? line.length : lt, amp === -1 ? line.length : amp);
    if (next > pos) {
      push('text', line.slice(pos, next));
      pos = next;
      continue;
    }
    if (line[pos] === '&') {
      const ent = match(ENTITY, pos) ?? '&';
      push(ent === '&' ? 'text' : 'entity', ent);
      pos += ent.length;
    } else if (line.startsWith('<!--', pos)) {
      push('comment', '<!--');
      pos += 4;
      state = XmlState.Comment;
    } else if (line.startsWith('<![CDATA[', pos)) {
      push('cdata', '<![CDATA[');
      pos += 9;
      state = XmlState.Cdata;
    } else if (line.startsWith('<?', pos)) {
      const target = match(NAME, pos + 2) ?? '';
      push('pi', `<?${target}`);
      pos += 2 + target.length;
      state = XmlState.Pi;
    } else if (line.startsWith('<!', pos)) {
      push('decl', '<!');
      pos += 2;
      state = XmlState.Decl;
    } else {
      const slash = line[pos + 1] === '/' ? '/' : '';
      const name = match(NAME, pos + 1 + slash.length);
      if (name === null) {
        push('text', '<' + slash);
        pos += 1 + slash.length;
      } else {
        push('tag', `<${slash}${name}`);
        pos += 1 + slash.length + name.length;
        state = XmlState.Tag;
      }
    }
  }
  return { tokens, end: state };
}

/** Most cached lines before the cache starts afresh (a 2,000-line document needs ~2,000). */
const CACHE_LIMIT = 20_000;

/** Tokenized lines by (start state, text): what makes re-highlighting after an edit cheap. */
export class XmlTokenCache {
  private readonly byState = new Map<XmlState, Map<string, LineTokens>>();
  private size = 0;

  line(text: string, state: XmlState): LineTokens {
    let map = this.byState.get(state);
    if (map === undefined) {
      map = new Map();
      this.byState.set(state, map);
    }
    let hit = map.get(text);
    if (hit === undefined) {
      if (this.size >= CACHE_LIMIT) {
        this.byState.clear();
        this.size = 0;
        map = new Map();
        this.byState.set(state, map);
      }
      hit = tokenizeLine(text, state);
      map.set(text, hit);
      this.size++;
    }
    return hit;
  }
}

/** Tokens for lines[0..count): every line starts in the state its predecessor ended in. */
export function tokenizeLines(
  lines: readonly string[],
  cache: XmlTokenCache,
  count = lines.length,
): LineTokens[] {
  const out: LineTokens[] = [];
  let state: XmlState = XmlState.Text;
  const stop = Math.min(count, lines.length);
  for (let i = 0; i < stop; i++) {
    const t = cache.line(lines[i]!, state);
    out.push(t);
    state = t.end;
  }
  return out;
}
