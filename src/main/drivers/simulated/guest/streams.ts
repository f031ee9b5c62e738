// Lazy byte streams for the guest's commands. A flood (`yes`, `cat /dev/urandom`, a 100 MB
// `head | base64`) must never exist in memory at once: the output queue pulls at most one chunk per
// tick, and every stream here generates only what it is asked for, holding at most about one
// chunk in reserve. That is what keeps a runaway guest's memory bounded.
import { randomFillSync } from 'node:crypto';

export interface ByteSource {
  /** Up to `max` (> 0) bytes, never an empty array; null once the stream has ended. */
  next(max: number): Uint8Array | null;
  /** Bytes generated but not yet handed out, including those of inner streams. */
  buffered(): number;
}

const encoder = new TextEncoder();
// Generators are asked for at least this much so a nearly spent tick budget does not make them
// produce dribbles of a few bytes.
const MIN_PRODUCE = 1024;

/** Turns "produce roughly this many bytes" into an exact-size ByteSource, keeping the excess. */
function generated(produce: (hint: number) => Uint8Array | null, inner?: ByteSource): ByteSource {
  let pending: Uint8Array | null = null;
  let ended = false;
  return {
    next(max) {
      while (!pending || pending.length === 0) {
        if (ended) return null;
        pending = produce(Math.max(max, MIN_PRODUCE));
        if (pending === null) ended = true;
      }
      if (pending.length <= max) {
        const out = pending;
        pending = null;
        return out;
      }
      const out = pending.subarray(0, max);
      pending = pending.subarray(max);
      return out;
    },
    buffered: () => (pending?.length ?? 0) + (inner?.buffered() ?? 0),
  };
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  let pos = 0;
  return {
    next(max) {
      if (pos >= bytes.length) return null;
      const out = bytes.subarray(pos, pos + max);
      pos += out.length;
      return out;
    },
    // Text outputs are small and already whole; they are not a flood.
    buffered: () => bytes.length - pos,
  };
}

export function textSource(text: string): ByteSource {
  return bytesSource(encoder.encode(text));
}

/** `cat A B C`: each source in turn. */
export function concatSource(sources: ByteSource[]): ByteSource {
  let index = 0;
  return {
    next(max) {
      while (index < sources.length) {
        const out = sources[index]?.next(max) ?? null;
        if (out !== null) return out;
        index++;
      }
      return null;
    },
    buffered: () => sources.slice(index).reduce((n, s) => n + s.buffered(), 0),
  };
}

/** `yes WORD`: the same line forever, handed out from one preallocated block. */
export function yesSource(word: string, blockBytes = 16 * 1024): ByteSource {
  const line = encoder.encode(`${word}\n`);
  const lines = Math.max(1, Math.ceil(blockBytes / line.length)) + 1;
  const block = new Uint8Array(lines * line.length);
  for (let i = 0; i < lines; i++) block.set(line, i * line.length);
  // Where in the line the next byte starts, so odd-sized reads continue the pattern exactly.
  let phase = 0;
  return {
    next(max) {
      const n = Math.min(max, block.length - line.length);
      const out = block.subarray(phase, phase + n);
      phase = (phase + n) % line.length;
      return out;
    },
    buffered: () => 0,
  };
}

/** `seq FIRST STEP LAST`, generated a few thousand numbers at a time. */
export function seqSource(first: number, step: number, last: number): ByteSource {
  let value = first;
  const done = () => (step > 0 ? value > last : step < 0 ? value < last : false);
  return generated((hint) => {
    if (done()) return null;
    let text = '';
    while (text.length < hint && !done()) {
      text += `${value}\n`;
      value += step;
    }
    return encoder.encode(text);
  });
}

export function urandomSource(): ByteSource {
  return generated((hint) => randomFillSync(new Uint8Array(Math.min(hint, 64 * 1024))));
}

export function zeroSource(): ByteSource {
  return generated((hint) => new Uint8Array(Math.min(hint, 64 * 1024)));
}

/** `head -c N`: asks the inner stream for no more than is left, so nothing is wasted. */
export function headBytes(inner: ByteSource, count: number): ByteSource {
  let left = count;
  return {
    next(max) {
      if (left <= 0) return null;
      const out = inner.next(Math.min(max, left));
      if (out === null) {
        left = 0;
        return null;
      }
      left -= out.length;
      return out;
    },
    buffered: () => inner.buffered(),
  };
}

/** `head -n N`: passes chunks through until the Nth newline. */
export function headLines(inner: ByteSource, count: number): ByteSource {
  let left = count;
  return {
    next(max) {
      if (left <= 0) return null;
      const out = inner.next(max);
      if (out === null) {
        left = 0;
        return null;
      }
      for (let i = 0; i < out.length; i++) {
        if (out[i] === 0x0a && --left === 0) return out.subarray(0, i + 1);
      }
      return out;
    },
    buffered: () => inner.buffered(),
  };
}

/** GNU `base64 [-w COLS]`: wraps at 76 columns by default, 0 means never. */
export function base64Source(inner: ByteSource, wrap = 76): ByteSource {
  let carry = new Uint8Array(0);
  let column = 0;
  let innerDone = false;
  let finished = false;

  const wrapText = (encoded: string): string => {
    if (wrap <= 0) return encoded;
    let out = '';
    let pos = 0;
    while (pos < encoded.length) {
      const take = Math.min(wrap - column, encoded.length - pos);
      out += encoded.slice(pos, pos + take);
      pos += take;
      column += take;
      if (column === wrap) {
        out += '\n';
        column = 0;
      }
    }
    return out;
  };

  return generated((hint) => {
    if (finished) return null;
    // Three input bytes become four characters, plus one newline per line.
    const chars = wrap > 0 ? Math.floor(hint / (wrap + 1)) * wrap : hint;
    const want = Math.max(3, Math.floor(chars / 4) * 3);
    const parts: Uint8Array[] = [carry];
    let have = carry.length;
    while (have < want && !innerDone) {
      const part = inner.next(want - have);
      if (part === null) innerDone = true;
      else {
        parts.push(part);
        have += part.length;
      }
    }
    const input = Buffer.concat(parts, have);
    const whole = innerDone ? input.length : input.length - (input.length % 3);
    carry = new Uint8Array(input.subarray(whole));
    let text = wrapText(input.subarray(0, whole).toString('base64'));
    if (innerDone) {
      finished = true;
      if (column > 0) text += '\n';
    }
    return text.length > 0 ? encoder.encode(text) : finished ? null : new Uint8Array(0);
  }, inner);
}

/** The tty's ONLCR: every "\n" a program writes reaches the terminal as "\r\n". */
export function onlcr(inner: ByteSource): ByteSource {
  return generated((hint) => {
    const chunk = inner.next(hint);
    if (chunk === null) return null;
    let newlines = 0;
    for (const b of chunk) if (b === 0x0a) newlines++;
    if (newlines === 0) return chunk;
    const out = new Uint8Array(chunk.length + newlines);
    let j = 0;
    for (const b of chunk) {
      if (b === 0x0a) out[j++] = 0x0d;
      out[j++] = b;
    }
    return out;
  }, inner);
}

/** Drains a finite stream; for tests and small outputs only. */
export function readAll(source: ByteSource, max = 64 * 1024): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let part = source.next(max); part !== null; part = source.next(max)) parts.push(part);
  return Buffer.concat(parts);
}
