import { VirtdeskError } from '../errors';

// Every refusal of a document is an INVALID_INPUT VirtdeskError, so it crosses transports like any
// other bad request; the reason and line are kept on the object for callers in the same process
// and folded into the message for the ones on the other side of a transport.

export type XmlErrorReason =
  /** A DOCTYPE or other markup declaration: refused outright, never read. */
  | 'DOCTYPE'
  /** An entity declaration or a reference to an entity XML does not predefine. */
  | 'ENTITY'
  /** Larger than MAX_XML_BYTES. */
  | 'TOO_LARGE'
  /** Nested deeper than MAX_XML_DEPTH. */
  | 'TOO_DEEP'
  /** Not well-formed: truncated, mismatched tags, bad attribute syntax, several roots… */
  | 'MALFORMED'
  /** Well-formed, but the root element is not the one the caller expected. */
  | 'WRONG_ROOT'
  /** Bytes that are not UTF-8. */
  | 'INVALID_UTF8'
  /** Characters XML 1.0 forbids (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
  | 'INVALID_CHAR'
  /** Well-formed XML this library could not keep intact (a PI with free-form content). */
  | 'UNSUPPORTED'
  /** A value handed to a setter that libvirt would refuse. */
  | 'INVALID_VALUE';

export class XmlError extends VirtdeskError {
  readonly reason: XmlErrorReason;
  /** 1-based line of the problem in the input, when it is known. */
  readonly line: number | undefined;

  constructor(reason: XmlErrorReason, message: string, line?: number) {
    super('INVALID_INPUT', line === undefined ? message : `${message} (line ${line})`);
    this.name = 'XmlError';
    this.reason = reason;
    this.line = line;
  }
}

export function isXmlError(e: unknown): e is XmlError {
  return e instanceof XmlError;
}

/** 1-based line number of a UTF-16 offset in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let at = text.indexOf('\n');
  while (at !== -1 && at < offset) {
    line++;
    at = text.indexOf('\n', at + 1);
  }
  return line;
}
