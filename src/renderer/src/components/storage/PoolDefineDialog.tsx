// Define pool: a type (directory, LVM volume group, NFS share, Ceph RBD), the fields that type
// needs, and a read-only preview of the pool XML they make, which is exactly what is defined.
// Checked as you type with the rules main applies (checkPoolSpec).
import { useMemo, useState } from 'react';
import type { Pool, PoolSpec } from '../../../../shared/model';
import type { PoolSpecField } from '../../../../shared/storage';
import { checkPoolSpec } from '../../../../shared/storage';
import { poolSpecXml } from '../../../../shared/storageXml';
import { definePool } from '../../store/storageCommands';
import { TextField } from '../common/TextField';
import { DefineDialog } from '../common/DefineDialog';
import { DEFINE_TYPES } from './words';

type DefineType = PoolSpec['type'];
type Form = Record<PoolSpecField, string>;

const TYPES: { value: DefineType; label: string }[] = DEFINE_TYPES.map((t) => ({
  value: t.type,
  label: t.label,
}));

const EMPTY: Form = {
  name: '',
  path: '',
  vgName: '',
  devices: '',
  host: '',
  exportPath: '',
  targetPath: '',
  monitorHosts: '',
  rbdPool: 'rbd',
  authUser: 'libvirt',
  secretUuid: '',
};

const words = (s: string): string[] => s.split(/[\s,]+/).filter((w) => w !== '');

function specOf(type: DefineType, f: Form): PoolSpec {
  switch (type) {
    case 'dir':
      return { type, name: f.name, path: f.path };
    case 'logical':
      return { type, name: f.name, vgName: f.vgName || f.name, devices: words(f.devices) };
    case 'netfs':
      return {
        type,
        name: f.name,
        host: f.host,
        exportPath: f.exportPath,
        targetPath: f.targetPath,
      };
    case 'rbd':
      return {
        type,
        name: f.name,
        monitorHosts: words(f.monitorHosts),
        rbdPool: f.rbdPool,
        authUser: f.authUser,
        secretUuid: f.secretUuid,
      };
  }
}

/** The fields each type shows, with their labels and hints. */
const FIELDS: Record<DefineType, { field: PoolSpecField; label: string; hint?: string }[]> = {
  dir: [
    { field: 'path', label: 'Target path', hint: 'A directory on the host, e.g. /srv/vm-images' },
  ],
  logical: [
    { field: 'vgName', label: 'Volume group', hint: 'Defaults to the pool name.' },
    {
      field: 'devices',
      label: 'Physical volumes',
      hint: 'Devices separated by spaces, e.g. /dev/sdb /dev/sdc',
    },
  ],
  netfs: [
    { field: 'host', label: 'Server', hint: 'NFS server host name or address' },
    { field: 'exportPath', label: 'Export path', hint: 'e.g. /export/vm' },
    { field: 'targetPath', label: 'Mount point', hint: 'Where the host mounts it, e.g. /mnt/vm' },
  ],
  rbd: [
    { field: 'monitorHosts', label: 'Monitors', hint: 'host or host:port, separated by spaces' },
    { field: 'rbdPool', label: 'Ceph pool' },
    { field: 'authUser', label: 'Ceph user' },
    { field: 'secretUuid', label: 'Secret UUID', hint: 'A libvirt secret holding the cephx key' },
  ],
};

export function PoolDefineDialog({ hostId, pools }: { hostId: string; pools: readonly Pool[] }) {
  const [type, setType] = useState<DefineType>('dir');
  const [form, setForm] = useState<Form>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<PoolSpecField, true>>>({});

  const spec = useMemo(() => specOf(type, form), [type, form]);
  const errors = useMemo(() => {
    const e = checkPoolSpec(spec);
    if (!e.name && pools.some((p) => p.name === spec.name))
      e.name = `A pool named ${spec.name} already exists.`;
    return e;
  }, [spec, pools]);
  const xml = useMemo(() => poolSpecXml(spec), [spec]);
  const shown = (f: PoolSpecField) => (touched[f] ? errors[f] : undefined);
  const first = Object.values(errors)[0];
  const change = (f: PoolSpecField, v: string) => {
    setForm((old) => ({ ...old, [f]: v }));
    setTouched((t) => ({ ...t, [f]: true }));
  };

  return (
    <DefineDialog
      id="define-pool"
      title="Define storage pool"
      invalid={first ?? null}
      run={(start) => definePool(hostId, spec, start)}
      kindLabel="Type"
      kinds={TYPES}
      kind={type}
      onKind={(t) => setType(t)}
      name={form.name}
      nameError={shown('name')}
      onName={(v) => change('name', v)}
      startLabel="Start the pool now"
      xmlLabel="Pool XML"
      xml={xml}
    >
      {FIELDS[type].map(({ field, label, hint }) => (
        <TextField
          key={field}
          id={`define-pool-${field}`}
          label={label}
          {...(hint ? { hint } : {})}
          value={form[field]}
          error={shown(field)}
          onChange={(v) => change(field, v)}
          onBlur={() => setTouched((t) => ({ ...t, [field]: true }))}
        />
      ))}
    </DefineDialog>
  );
}
