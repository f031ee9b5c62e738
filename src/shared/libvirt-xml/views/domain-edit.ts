import { checkName } from '../../names';
import { removeChildren, setChildText } from '../edit';
import { XmlError } from '../errors';
import { firstChild, getAttr, getText, setAttr, type XmlSource } from '../tree';
import { toKiB } from '../units';
import { parseCUint } from '../values';
import { expectElement } from './common';

// Setters for what the VM details page edits. Each changes only the element it owns (and an
// attribute libvirt ties to it, like currentMemory when memory shrinks below it); a missing element
// is created where libvirt itself would write it, so `virsh edit` shows the change where expected.

/** Top-level children libvirt writes before each element we may have to create. */
const BEFORE_TITLE = ['name', 'uuid', 'genid'];
const BEFORE_DESCRIPTION = [...BEFORE_TITLE, 'title'];
const BEFORE_MEMORY = [...BEFORE_DESCRIPTION, 'description', 'metadata', 'maxMemory'];
const BEFORE_CURRENT = [...BEFORE_MEMORY, 'memory'];
const BEFORE_VCPU = [...BEFORE_CURRENT, 'currentMemory', 'blkiotune', 'memtune', 'memoryBacking'];

/** Largest memory size accepted: libvirt stores KiB in an unsigned long long of bytes. */
const MAX_MEMORY_KIB = Number.MAX_SAFE_INTEGER;
/** libvirt's own ceiling on vcpus for any driver (QEMU allows fewer). */
const MAX_VCPUS = 16384;

function invalid(message: string): XmlError {
  return new XmlError('INVALID_VALUE', message);
}

export function setDomainName(src: XmlSource, name: string): void {
  const problem = checkName(name, 'VM name');
  if (problem !== null) throw invalid(problem);
  setChildText(expectElement(src, 'domain'), 'name', name, { after: [] });
}

/** A one-line title; null or '' removes it, as `virsh desc --title ""` does. */
export function setDomainTitle(src: XmlSource, title: string | null): void {
  const root = expectElement(src, 'domain');
  if (title === null || title === '') {
    removeChildren(root, 'title');
    return;
  }
  if (/[\r\n]/.test(title)) throw invalid('A VM title must be a single line.');
  setChildText(root, 'title', title, { after: BEFORE_TITLE });
}

/** Free text, line breaks kept; null or '' removes it. */
export function setDomainDescription(src: XmlSource, description: string | null): void {
  const root = expectElement(src, 'domain');
  if (description === null || description === '') {
    removeChildren(root, 'description');
    return;
  }
  setChildText(root, 'description', description, { after: BEFORE_DESCRIPTION });
}

function checkKiB(kib: number, what: string): void {
  if (!Number.isSafeInteger(kib) || kib <= 0 || kib > MAX_MEMORY_KIB) {
    throw invalid(`${what} must be a positive whole number of KiB.`);
  }
}

function writeKiB(src: XmlSource, name: string, kib: number, after: readonly string[]): void {
  const el = setChildText(expectElement(src, 'domain'), name, String(kib), { after });
  setAttr(el, 'unit', 'KiB');
}

function currentKiB(src: XmlSource, name: string): number | undefined {
  const el = firstChild(expectElement(src, 'domain'), name);
  return el === undefined ? undefined : toKiB(getText(el), getAttr(el, 'unit'), 'KiB');
}

/**
 * Sets the boot-time memory (<memory>, in KiB). A <currentMemory> above the new size is lowered
 * to it, since libvirt would otherwise clamp it silently; one below it is the balloon target and
 * is kept.
 */
export function setDomainMemoryKiB(src: XmlSource, kib: number): void {
  checkKiB(kib, 'Memory');
  writeKiB(src, 'memory', kib, BEFORE_MEMORY);
  const current = currentKiB(src, 'currentMemory');
  if (current !== undefined && current > kib) writeKiB(src, 'currentMemory', kib, BEFORE_CURRENT);
}

/** Sets <currentMemory> (the balloon target); it may not exceed <memory>. */
export function setDomainCurrentMemoryKiB(src: XmlSource, kib: number): void {
  checkKiB(kib, 'Current memory');
  const max = currentKiB(src, 'memory');
  if (max !== undefined && kib > max) {
    throw invalid(`Current memory (${kib} KiB) cannot exceed the VM's memory (${max} KiB).`);
  }
  writeKiB(src, 'currentMemory', kib, BEFORE_CURRENT);
}

/**
 * Sets the vcpu count. `current` (vcpus online at boot) defaults to keeping the old value when it
 * still fits; equal to `count` it is dropped, which is how libvirt writes "all of them".
 */
export function setDomainVcpus(src: XmlSource, count: number, current?: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_VCPUS) {
    throw invalid(`The vcpu count must be a whole number from 1 to ${MAX_VCPUS}.`);
  }
  if (current !== undefined && (!Number.isInteger(current) || current < 1 || current > count)) {
    throw invalid(`Online vcpus must be a whole number from 1 to ${count}.`);
  }
  const el = setChildText(expectElement(src, 'domain'), 'vcpu', String(count), {
    after: BEFORE_VCPU,
  });
  const old = parseCUint(getAttr(el, 'current'));
  const online = current ?? (old !== undefined && old < count ? old : undefined);
  setAttr(el, 'current', online === undefined || online === count ? undefined : String(online));
}
