// What a domain's XML says about its screen, and the one edit the Display tab offers: give a VM a
// VNC display (replacing SPICE, which the app does not show yet). Used by the renderer (the state
// line) and by the drivers (where the VNC server listens).
import type { DisplayKind } from './display';
import {
  appendChild,
  ensureElement,
  firstChild,
  childElements,
  getAttr,
  nodeName,
  parseXml,
  readGraphics,
  removeNode,
  serializeXml,
  type XmlDocument,
  type XmlElement,
} from './libvirt-xml';
import { el } from './libvirt-xml/build';

function graphicsOf(devices: XmlElement | undefined): XmlElement[] {
  return devices === undefined ? [] : childElements(devices, 'graphics');
}

/** The VM's display as the page may know it (never the password). */
export function displayOf(xml: string): DisplayKind {
  const doc = parseXml(xml, { root: 'domain' });
  const all = graphicsOf(firstChild(doc.root, 'devices'));
  const vnc = all.find((g) => getAttr(g, 'type') === 'vnc');
  if (vnc) {
    const view = readGraphics(vnc);
    const listenEl = firstChild(vnc, 'listen');
    const socket = view.socket ?? (listenEl && getAttr(listenEl, 'socket')) ?? null;
    const address = getAttr(vnc, 'listen') ?? (listenEl && getAttr(listenEl, 'address')) ?? null;
    const port = view.port !== undefined && view.port > 0 ? view.port : null;
    return { kind: 'vnc', listen: socket ? null : address, port, socket };
  }
  if (all.some((g) => getAttr(g, 'type') === 'spice')) return { kind: 'spice' };
  return { kind: 'none' };
}

/** A SPICE-only device: libvirt refuses it once the SPICE graphics are gone. */
function spiceOnly(e: XmlElement): boolean {
  const name = nodeName(e);
  if (name === 'audio') return getAttr(e, 'type') === 'spice';
  return (name === 'channel' || name === 'redirdev') && getAttr(e, 'type') === 'spicevmc';
}

/**
 * The definition with a VNC display on loopback and a video device: any SPICE graphics (and the
 * devices only SPICE serves) give way to it. A definition that has VNC already comes back as is.
 */
export function withVncDisplay(xml: string): string {
  const doc = parseXml(xml, { root: 'domain' });
  return addVncDisplay(doc) ? serializeXml(doc) : xml;
}

/** withVncDisplay on a parsed document, in place; false when it had VNC already. */
export function addVncDisplay(doc: XmlDocument): boolean {
  const devices = ensureElement(doc.root, 'devices');
  const all = graphicsOf(devices);
  if (all.some((g) => getAttr(g, 'type') === 'vnc')) return false;
  for (const e of childElements(devices)) {
    if ((all.includes(e) && getAttr(e, 'type') === 'spice') || spiceOnly(e)) removeNode(devices, e);
  }
  appendChild(
    devices,
    el(
      'graphics',
      { type: 'vnc', port: '-1', autoport: 'yes', listen: '127.0.0.1' },
      el('listen', { type: 'address', address: '127.0.0.1' }),
    ),
  );
  if (childElements(devices, 'video').length === 0) {
    appendChild(devices, el('video', {}, el('model', { type: 'vga' })));
  }
  return true;
}
