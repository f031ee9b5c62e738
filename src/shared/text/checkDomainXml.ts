// Checks an edited domain definition before it is sent: well-formed, rooted at <domain>, still the
// VM's name (renaming needs more than `virsh define`; a new name is held to checkName's rules so
// the message says what is wrong with it), and the same UUID (a different one would define a
// second VM). Main re-validates everything; this exists so the editor can say what is wrong, and
// where, as the user types.
import { isXmlError, parseXml, readDomain } from '../libvirt-xml';
import { lineAt } from '../libvirt-xml/errors';
import { checkName } from '../names';

export interface XmlProblem {
  message: string;
  /** 1-based line the problem is on, when known. */
  line?: number;
}

export interface DomainIdentity {
  name: string;
  uuid: string;
}

/** null when the text may be applied; otherwise what is wrong (and where). */
export function checkDomainXml(text: string, original: DomainIdentity): XmlProblem | null {
  let doc;
  try {
    doc = parseXml(text, { root: 'domain' });
  } catch (e) {
    if (!isXmlError(e)) return { message: e instanceof Error ? e.message : String(e) };
    const message = e.message.replace(/ \(line \d+\)$/, '');
    return e.line === undefined ? { message } : { message, line: e.line };
  }
  const view = readDomain(doc);
  const nameLine = elementLine(text, 'name');
  const name = view.name ?? '';
  // An existing VM may have a name virtdesk would not create (it is addressed by UUID); only a
  // changed name is checked, and refused either way.
  if (name !== original.name) {
    const rename = `Renaming is not supported here: keep <name>${original.name}</name>.`;
    return withLine(checkName(name) ?? rename, nameLine);
  }
  const uuid = view.uuid ?? '';
  if (uuid === '') {
    return { message: `The <uuid> is missing: keep <uuid>${original.uuid}</uuid>.` };
  }
  if (normalUuid(uuid) !== normalUuid(original.uuid)) {
    return withLine(
      `The UUID may not change: keep <uuid>${original.uuid}</uuid>.`,
      elementLine(text, 'uuid'),
    );
  }
  return null;
}

/** How a problem reads in one line: "message (line N)". */
export function problemText(p: XmlProblem): string {
  return p.line === undefined ? p.message : `${p.message} (line ${p.line})`;
}

/** The line a server error names, from the "(line N)" that XmlError adds to its message. */
export function lineOfMessage(message: string): number | undefined {
  const m = /\bline (\d+)\b/i.exec(message);
  return m === null ? undefined : Number(m[1]);
}

function withLine(message: string, line: number | undefined): XmlProblem {
  return line === undefined ? { message } : { message, line };
}

// libvirt accepts a UUID with or without dashes, in either case.
function normalUuid(uuid: string): string {
  return uuid.trim().replace(/-/g, '').toLowerCase();
}

// The first <name>/<uuid> start tag that is a child of the root, found by tracking depth over the
// start and end tags (comments and CDATA skipped), so a <name> deeper in the document is not it.
function elementLine(text: string, name: string): number | undefined {
  const re =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([^\s/>]+)[^>]*?(\/?)>/g;
  let depth = 0;
  for (const m of text.matchAll(re)) {
    if (m[2] === undefined) continue;
    if (m[1] === '/') {
      depth--;
      continue;
    }
    if (depth === 1 && m[2] === name) return lineAt(text, m.index);
    if (m[3] !== '/') depth++;
  }
  return undefined;
}
