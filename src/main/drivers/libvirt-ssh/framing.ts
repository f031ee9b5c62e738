// Cuts the output of one long-running `virsh` shell (commands written to its stdin) back into one
// reply per command. virsh on a pipe still runs readline: it prints a prompt, echoes each command
// line, and drops the last newline of each output (TESTBED.md, traps). So every command is
// followed by two markers:
//   - `v<nonce>e<seq>x`, an unknown command: virsh writes "error: unknown command: '…'" to
//     stderr, which closes that command's stderr (its `error: …` lines come before it);
//   - `echo v''<nonce>o<seq>x`: prints v<nonce>o<seq>x on stdout. The echoed command line
//     carries the two quotes, so only the real output contains the marker itself.
// The markers are short on purpose: readline reads its input one byte at a time (a pselect and a
// read each), so on the host every character of a batch costs CPU; shorter markers took a
// fifth off virsh's CPU for a 200-domain inventory.
// The nonce is random per session, so no domain XML or name can contain a marker.
// readline also reads control characters as editing keys (a TAB completes, ^A moves the cursor):
// each one inside a command is sent after ^V (quoted-insert), which inserts the next key as it is,
// and readline echoes it as it displays it (TAB as spaces to the next stop, ^A as `^A`).
// Pure: bytes in, replies out; the channel lives in virsh.ts.

export interface VirshReply {
  stdout: string;
  stderr: string;
}

const PROMPT = /^(?:virsh [#>] )/;
const PROMPT_WIDTH = 'virsh # '.length;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

/** A command line as readline echoes it after the prompt: TABs expanded, `^X` for the others. */
export function readlineEcho(command: string): string {
  let out = '';
  let column = PROMPT_WIDTH;
  for (const c of command) {
    const code = c.charCodeAt(0);
    let shown = c;
    if (c === '\t') shown = ' '.repeat(8 - (column % 8));
    else if (code === 0x7f) shown = '^?';
    else if (code < 0x20) shown = `^${String.fromCharCode(code + 64)}`;
    out += shown;
    column += shown.length;
  }
  return out;
}

interface Pending {
  seq: number;
  command: string;
  stdout: string | null;
  stderr: string | null;
}

export class ReplyFramer {
  private seq = 0;
  private readonly waiting: Pending[] = [];
  /**
   * Stdout not yet cut into replies, as it arrived: joined only once a marker is in. A reply of
   * 100s of kB (domstats of 1,000 domains) comes in dozens of chunks, and appending each to one
   * string and searching it all again cost time quadratic in the reply's size.
   */
  private outParts: string[] = [];
  /** The last characters of outParts, where a marker cut across two chunks begins. */
  private outTail = '';
  private err = '';

  /** False for a virsh built without readline, which takes control characters as they are. */
  quotedInsert = true;

  constructor(
    private readonly nonce: string,
    private readonly onReply: (reply: VirshReply) => void,
  ) {
    if (!/^[a-z0-9]{6,}$/.test(nonce)) throw new Error('framing: nonce must be [a-z0-9]{6,}');
  }

  /** Replies still owed, in the order their commands were framed. */
  get pending(): number {
    return this.waiting.length;
  }

  /** The text to write for one command line (which must not contain a newline). */
  frame(command: string): string {
    if (command.includes('\n')) throw new Error('framing: one command per line');
    const seq = ++this.seq;
    const echo = this.quotedInsert ? readlineEcho(command) : command;
    this.waiting.push({ seq, command: echo, stdout: null, stderr: null });
    const wire = this.quotedInsert ? command.replace(CONTROL, '\x16$&') : command;
    return `${wire}\n${this.errMarker(seq)}\n${this.outEcho(seq)}\n`;
  }

  pushStdout(chunk: string): void {
    // Held text searched again is only the tail a marker may start in; the rest was searched.
    let text: string | null = null;
    for (const p of this.waiting) {
      if (p.stdout !== null) continue;
      const token = this.outMarker(p.seq);
      if (text === null) {
        if ((this.outTail + chunk).indexOf(token) === -1) break;
        text = this.outParts.join('') + chunk;
      }
      const at = text.indexOf(token);
      if (at === -1) break;
      p.stdout = this.cleanStdout(text.slice(0, at), p);
      text = text.slice(at + token.length);
    }
    if (text === null) {
      this.outParts.push(chunk);
      this.outTail = (this.outTail + chunk).slice(-this.tailLength());
    } else {
      this.outParts = text === '' ? [] : [text];
      this.outTail = text.slice(-this.tailLength());
    }
    this.deliver();
  }

  pushStderr(chunk: string): void {
    this.err += chunk;
    for (const p of this.waiting) {
      if (p.stderr !== null) continue;
      const at = this.err.indexOf(this.errMarker(p.seq));
      if (at === -1) break;
      // Drop the whole "error: unknown command: '<marker>'" line.
      const lineStart = this.err.lastIndexOf('\n', at) + 1;
      const lineEnd = this.err.indexOf('\n', at);
      if (lineEnd === -1) break; // the rest of that line is still on its way
      p.stderr = this.err.slice(0, lineStart);
      this.err = this.err.slice(lineEnd + 1);
    }
    this.deliver();
  }

  /** Everything owed is abandoned (the channel closed); returns how many replies were lost. */
  reset(): number {
    const lost = this.waiting.length;
    this.waiting.length = 0;
    this.outParts = [];
    this.outTail = '';
    this.err = '';
    return lost;
  }

  private deliver(): void {
    while (this.waiting.length > 0) {
      const first = this.waiting[0]!;
      if (first.stdout === null || first.stderr === null) return;
      this.waiting.shift();
      this.onReply({ stdout: first.stdout, stderr: first.stderr });
    }
  }

  /** Longer than any marker less one character (seq stays below 10^16). */
  private tailLength(): number {
    return this.nonce.length + 20;
  }

  private outMarker(seq: number): string {
    return `v${this.nonce}o${seq}x`;
  }

  /** The command that prints outMarker; as echoed by readline it does not contain it. */
  private outEcho(seq: number): string {
    return `echo v''${this.nonce}o${seq}x`;
  }

  private errMarker(seq: number): string {
    return `v${this.nonce}e${seq}x`;
  }

  /**
   * The raw text between two stdout markers is: [newline] [prompt] [echoed command + newline]
   * OUTPUT [prompt] [echoed err marker + newline] [prompt] [echoed `echo` line + newline].
   * The parts in brackets depend on readline; each is removed only when it is exactly there.
   */
  private cleanStdout(raw: string, p: Pending): string {
    let s = raw.replace(/^\r?\n/, '').replace(PROMPT, '');
    if (s.startsWith(`${p.command}\n`)) s = s.slice(p.command.length + 1);
    else s = dropWrappedEcho(s, p.command);
    const tails = [`${this.outEcho(p.seq)}\n`, `${this.errMarker(p.seq)}\n`];
    for (const tail of tails) {
      if (!s.endsWith(tail)) continue;
      s = s.slice(0, -tail.length);
      // Not a regexp: one anchored at the end still scans a reply of 100s of kB from its start.
      if (s.endsWith('virsh # ') || s.endsWith('virsh > ')) s = s.slice(0, -PROMPT_WIDTH);
    }
    return s;
  }
}

/**
 * A command line wider than readline's screen is echoed wrapped (`…--t o\ropological`) or
 * scrolled (`\r<…--topological`): a first line with a carriage return whose last segment, less
 * a scroll mark, ends the command is that echo.
 */
function dropWrappedEcho(s: string, command: string): string {
  const nl = s.indexOf('\n');
  if (nl === -1) return s;
  const first = s.slice(0, nl);
  const cr = first.lastIndexOf('\r');
  if (cr === -1) return s;
  const tail = first.slice(cr + 1).replace(/^[<>]/, '');
  return tail.length > 0 && command.endsWith(tail) ? s.slice(nl + 1) : s;
}
