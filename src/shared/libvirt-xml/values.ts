import { MAX_CPUSET_IDS } from './limits';
import { getAttr, type XmlElement } from './tree';

// Tolerant readers for the value syntaxes libvirt uses. Views return undefined for a value that is
// absent or that libvirt would not accept, rather than throwing: one odd field in a host's XML must
// not hide the rest of the VM from the user.

/** An unsigned integer the way libvirt's virStrToLong_ui(…, base 0) reads it: 0x hex, 0 octal. */
export function parseCUint(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  let n: number;
  if (/^0[xX][0-9a-fA-F]{1,8}$/.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^0[0-7]{0,11}$/.test(t)) n = parseInt(t, 8);
  else if (/^[1-9][0-9]{0,9}$/.test(t)) n = Number(t);
  else return undefined;
  return n <= 0xffffffff ? n : undefined;
}

/** A plain decimal integer (negative allowed, e.g. cputune quota -1). */
export function parseDecimal(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (!/^-?[0-9]{1,15}$/.test(t)) return undefined;
  return Number(t);
}

export function uintAttr(el: XmlElement | undefined, name: string): number | undefined {
  return el === undefined ? undefined : parseCUint(getAttr(el, name));
}

/** libvirt's tri-state yes/no (also on/off) attributes; undefined when absent or unknown. */
export function yesNo(s: string | undefined): boolean | undefined {
  if (s === 'yes' || s === 'on') return true;
  if (s === 'no' || s === 'off') return false;
  return undefined;
}

/** 'dddd:bb:ss.f', the form lspci and virsh nodedev names use, from numeric parts. */
export function formatPciAddress(domain: number, bus: number, slot: number, fn: number): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${hex(fn, 1)}`;
}

/** The PCI address in an <address domain= bus= slot= function=/> element, if it is complete. */
export function pciAddressOf(el: XmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  const type = getAttr(el, 'type');
  if (type !== undefined && type !== 'pci') return undefined;
  const domain = uintAttr(el, 'domain') ?? 0;
  const bus = uintAttr(el, 'bus');
  const slot = uintAttr(el, 'slot');
  const fn = uintAttr(el, 'function');
  if (bus === undefined || slot === undefined || fn === undefined) return undefined;
  if (domain > 0xffff || bus > 0xff || slot > 0x1f || fn > 7) return undefined;
  return formatPciAddress(domain, bus, slot, fn);
}

/**
 * Expands a libvirt cpuset/nodeset ('0-3,8,^2') to sorted ids; undefined when it is malformed or
 * would expand past MAX_CPUSET_IDS, so a hostile '0-4294967295' costs nothing.
 */
export function parseCpuset(s: string | undefined): number[] | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const ids = new Set<number>();
  const excluded = new Set<number>();
  let budget = MAX_CPUSET_IDS;
  for (const part of s.split(',')) {
    const m = /^\s*(\^)?([0-9]{1,6})(?:-([0-9]{1,6}))?\s*$/.exec(part);
    if (m === null) return undefined;
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    budget -= hi - lo + 1;
    if (hi < lo || budget < 0) return undefined;
    for (let id = lo; id <= hi; id++) (m[1] === undefined ? ids : excluded).add(id);
  }
  return [...ids].filter((id) => !excluded.has(id)).sort((a, b) => a - b);
}
