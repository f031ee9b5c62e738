import { comment, documentOf, el } from './build';
import { newDevices, type NewDiskSpec, type NewNicSpec } from './create-devices';
import { XmlError } from './errors';
import { NOT_XML } from './guard';
import { serializeXml } from './serialize';
import type { XmlDocument, XmlElement } from './tree';

// The persistent definition of a new VM, laid out the way `virsh dumpxml --inactive` prints what
// virt-install defines on a q35 KVM host (two-space indent, single quotes, the addresses libvirt
// assigns). Built as a tree rather than parsed from text, so creating thousands of VMs costs no
// parsing and their views read the very tree that is stored.

/** Dedicated-host tuning: one host CPU per vcpu, memory bound to NUMA nodes, on hugepages. */
export interface NewPinningSpec {
  hostCpus: readonly number[];
  emulatorCpus: string;
  nodeset: string;
  hugepageKiB: number;
}

export interface NewDomainSpec {
  name: string;
  uuid: string;
  title?: string;
  description?: string;
  memoryKiB: number;
  vcpus: number;
  disks: readonly NewDiskSpec[];
  nics: readonly NewNicSpec[];
  /** The expanded machine type libvirt records; a bare 'q35' is expanded at define time. */
  machine?: string;
  /** libosinfo OS id virt-install stores in <metadata>, e.g. http://debian.org/debian/13. */
  osinfo?: string;
  /** Written as an XML comment first inside <domain>. */
  note?: string;
  pinning?: NewPinningSpec;
}

export const DEFAULT_MACHINE = 'pc-q35-9.2';
export const OSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function invalid(message: string): XmlError {
  return new XmlError('INVALID_VALUE', message);
}

function allStrings(spec: NewDomainSpec): string[] {
  return [
    spec.name,
    spec.title ?? '',
    spec.description ?? '',
    spec.machine ?? '',
    spec.osinfo ?? '',
    spec.note ?? '',
    ...spec.disks.flatMap((d) => [d.source ?? '', d.target, d.bus ?? '', d.format ?? '']),
    ...spec.nics.flatMap((n) => [n.source ?? '', n.model ?? '']),
  ];
}

// libvirt's own rules, not virtdesk's naming policy (names.ts): this also rebuilds VMs that
// exist already, whatever libvirt let them be called.
function check(spec: NewDomainSpec): void {
  if (spec.name === '' || spec.name.includes('/'))
    throw invalid("A VM name must be non-empty and may not contain '/'.");
  if (allStrings(spec).some((s) => NOT_XML.test(s)))
    throw invalid('Text for the domain XML contains characters XML cannot carry.');
  if (!UUID_RE.test(spec.uuid)) throw invalid(`Not a lower-case UUID: ${spec.uuid.slice(0, 40)}`);
  if (!Number.isSafeInteger(spec.memoryKiB) || spec.memoryKiB <= 0)
    throw invalid('Memory must be a positive whole number of KiB.');
  if (!Number.isInteger(spec.vcpus) || spec.vcpus < 1)
    throw invalid('A VM needs at least one vcpu.');
  if (spec.title !== undefined && /[\r\n]/.test(spec.title))
    throw invalid('A VM title must be a single line.');
  for (const nic of spec.nics) {
    if (!MAC_RE.test(nic.mac)) throw invalid(`Not a MAC address: ${nic.mac.slice(0, 40)}`);
  }
  if (spec.disks.some((d) => d.target === '')) throw invalid('Every disk needs a target device.');
  if (spec.note !== undefined && (spec.note.includes('--') || spec.note.endsWith('-')))
    throw invalid("An XML comment may not contain '--' or end with '-'.");
  if (spec.pinning !== undefined && spec.pinning.hostCpus.length !== spec.vcpus)
    throw invalid('Pinning needs exactly one host CPU per vcpu.');
}

/** <memoryBacking>, then <cputune> and <numatune>: they go on either side of <vcpu>. */
function tuning(pin: NewPinningSpec | undefined): [XmlElement | undefined, XmlElement[]] {
  if (pin === undefined) return [undefined, []];
  // The host node the pages come from is numatune's: <page nodeset> would name guest NUMA
  // cells, which this guest has none of (libvirt refuses "hugepages: node 1 not found").
  const page = { size: String(pin.hugepageKiB), unit: 'KiB' };
  const backing = el('memoryBacking', {}, el('hugepages', {}, el('page', page)), el('locked'));
  const pins = pin.hostCpus.map((cpu, vcpu) =>
    el('vcpupin', { vcpu: String(vcpu), cpuset: String(cpu) }),
  );
  return [
    backing,
    [
      el('cputune', {}, ...pins, el('emulatorpin', { cpuset: pin.emulatorCpus })),
      el('numatune', {}, el('memory', { mode: 'strict', nodeset: pin.nodeset })),
    ],
  ];
}

/** A new domain's persistent definition as an editable document. */
export function newDomain(spec: NewDomainSpec): XmlDocument {
  check(spec);
  const kib = String(spec.memoryKiB);
  const [memoryBacking, pinning] = tuning(spec.pinning);
  const osinfo =
    spec.osinfo !== undefined &&
    el(
      'metadata',
      {},
      el(
        'libosinfo:libosinfo',
        { 'xmlns:libosinfo': OSINFO_NS },
        el('libosinfo:os', { id: spec.osinfo }),
      ),
    );
  const root = el(
    'domain',
    { type: 'kvm' },
    spec.note !== undefined && comment(spec.note),
    el('name', {}, spec.name),
    el('uuid', {}, spec.uuid),
    spec.title ? el('title', {}, spec.title) : undefined,
    spec.description ? el('description', {}, spec.description) : undefined,
    osinfo,
    el('memory', { unit: 'KiB' }, kib),
    el('currentMemory', { unit: 'KiB' }, kib),
    memoryBacking,
    el('vcpu', { placement: 'static' }, String(spec.vcpus)),
    ...pinning,
    el(
      'os',
      {},
      el('type', { arch: 'x86_64', machine: spec.machine ?? DEFAULT_MACHINE }, 'hvm'),
      el('boot', { dev: 'hd' }),
    ),
    el('features', {}, el('acpi'), el('apic'), el('vmport', { state: 'off' })),
    el('cpu', { mode: 'host-passthrough', check: 'none', migratable: 'on' }),
    el(
      'clock',
      { offset: 'utc' },
      el('timer', { name: 'rtc', tickpolicy: 'catchup' }),
      el('timer', { name: 'pit', tickpolicy: 'delay' }),
      el('timer', { name: 'hpet', present: 'no' }),
    ),
    el('on_poweroff', {}, 'destroy'),
    el('on_reboot', {}, 'restart'),
    el('on_crash', {}, 'destroy'),
    el('pm', {}, el('suspend-to-mem', { enabled: 'no' }), el('suspend-to-disk', { enabled: 'no' })),
    newDevices(spec.disks, spec.nics),
  );
  return documentOf(root);
}

/** The same, as text ending with a newline like virsh output. */
export function newDomainXml(spec: NewDomainSpec): string {
  return serializeXml(newDomain(spec));
}
