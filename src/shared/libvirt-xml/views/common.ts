import { XmlError } from '../errors';
import { elementOf, findElement, getAttr, getText, nodeName } from '../tree';
import type { XmlElement, XmlSource } from '../tree';

// Small helpers every view shares. Views take a document or an element (a snapshot's <domain>, a
// test-driver <node>'s children) and insist on the element they read, so a pool handed to the
// domain view is a typed WRONG_ROOT rather than a page of undefined fields.

export function expectElement(src: XmlSource, name: string): XmlElement {
  const el = elementOf(src);
  const found = nodeName(el);
  if (found !== name) {
    throw new XmlError('WRONG_ROOT', `Expected a <${name}> element, found <${found}>`);
  }
  return el;
}

/** Attribute of an optional element. */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el === undefined ? undefined : getAttr(el, name);
}

/** Trimmed text at a path below an optional element; undefined when absent or empty. */
export function text(el: XmlElement | undefined, path?: string): string | undefined {
  if (el === undefined) return undefined;
  const target = path === undefined ? el : findElement(el, path);
  if (target === undefined) return undefined;
  const t = getText(target).trim();
  return t === '' ? undefined : t;
}

/**
 * A name or path exactly as libvirt stored it: libvirt accepts names with edge spaces and TABs,
 * and a dir pool's file may be called `trail ` (never trimmed); undefined when empty or absent.
 */
export function nameText(el: XmlElement | undefined, path: string): string | undefined {
  const t = rawText(el, path);
  return t === '' ? undefined : t;
}

/** Text kept verbatim (a description's own line breaks and indentation are content). */
export function rawText(el: XmlElement | undefined, path: string): string | undefined {
  const target = el === undefined ? undefined : findElement(el, path);
  return target === undefined ? undefined : getText(target);
}
