// One line of `virsh event --all --loop --timestamp`, e.g.
//   2024-05-01 10:00:00.934+0000: event 'lifecycle' for domain 'vd-tiny': Started Booted
// virsh prints the domain NAME between single quotes without escaping it, so a name containing
// `': ` makes the line ambiguous. The known names resolve that: the longest known name that fits
// wins; an unknown name (a domain defined a moment ago) is read up to the last quote.

export interface DomainEventLine {
  /** ms since the epoch from virsh's timestamp, or null when the line has none. */
  at: number | null;
  /** 'lifecycle', 'reboot', 'device-removed', 'job-completed'… */
  type: string;
  name: string;
  /** What follows the name, e.g. 'Started Booted'; '' when nothing does. */
  detail: string;
  /** False when no known name fitted and the name was guessed. */
  known: boolean;
}

const HEAD =
  /^(?:(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?([+-]\d{4}): )?event '([^']+)' for domain '/;

function timestamp(date: string, time: string, frac: string | undefined, zone: string): number {
  const ms = (frac ?? '0').padEnd(3, '0').slice(0, 3);
  const iso = `${date}T${time}.${ms}${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? NaN : t;
}

/** What may follow the closing quote of the name: the end of the line, or `: detail`. */
function tailAfter(rest: string): string | null {
  if (rest === '') return '';
  if (rest === ':') return '';
  if (rest.startsWith(': ')) return rest.slice(2);
  return null;
}

/** Parses one line (without its line end); null for anything that is not a domain event. */
export function parseEventLine(
  line: string,
  knownNames: Iterable<string> = [],
): DomainEventLine | null {
  const m = HEAD.exec(line);
  if (!m) return null;
  const [head, date, time, frac, zone, type] = m;
  const at = date && time && zone ? timestamp(date, time, frac, zone) : null;
  const rest = line.slice(head.length);
  let best: { name: string; detail: string } | null = null;
  for (const name of knownNames) {
    if (!rest.startsWith(`${name}'`)) continue;
    const detail = tailAfter(rest.slice(name.length + 1));
    if (detail !== null && (best === null || name.length > best.name.length)) {
      best = { name, detail };
    }
  }
  const base = { at: at === null || Number.isNaN(at) ? null : at, type: type ?? '' };
  if (best) return { ...base, ...best, known: true };
  // Unknown name: lifecycle details never contain a quote, so the last `'` before `: ` or the
  // end of the line closes the name.
  const guess = /^(.*)'(?:: ?(.*))?$/s.exec(rest);
  if (!guess) return null;
  return { ...base, name: guess[1] ?? '', detail: guess[2] ?? '', known: false };
}

/**
 * Splits a stream of chunks into complete lines; a pty ends lines with `\r\n`. Continuation
 * lines of multi-line events (they start with a tab) come out as lines too and parse as null.
 */
export class LineSplitter {
  private buf = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    this.buf += chunk;
    let nl = this.buf.indexOf('\n');
    while (nl !== -1) {
      const line = this.buf.slice(0, nl).replace(/\r+$/, '');
      this.buf = this.buf.slice(nl + 1);
      this.onLine(line);
      nl = this.buf.indexOf('\n');
    }
    // A line without an end for 64 KiB is not virsh output: keep memory bounded.
    if (this.buf.length > 65_536) this.buf = '';
  }
}
