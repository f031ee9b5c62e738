// Add host device: search the host's PCI devices (name, vendor, class, address), pick one, and see
// every conflict main finds before anything is written: IOMMU off, the rest of the IOMMU group
// (offered with it: a GPU and its audio function), a device another VM uses, a boot GPU, NUMA,
// hot-plug. An SR-IOV VF or NIC can go in as a raw hostdev or as an interface with MAC and VLAN.
import { useEffect, useMemo, useState } from 'react';
import type { AssignAs, AssignCheck, HostDevice } from '../../../../../shared/hostDevices';
import { MAC_RE } from '../../../../../shared/validation/hostDevices';
import { errorMessage } from '../../../lib/errorText';
import { useAppStore } from '../../../store/appStore';
import { assignHostDevice, checkAssignment, hostDevices } from '../../../store/hostDeviceCommands';
import { splitVmKey } from '../../../store/keys';
import { DialogFrame } from '../../common/DialogFrame';
import { FormField } from '../../common/FormField';
import { TextField } from '../../common/TextField';
import '../../host/devices/devices.css';

const CLASSES = ['all', 'display', 'audio', 'network', 'storage', 'usb', 'other'] as const;

function matches(d: HostDevice, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [d.address, d.product, d.vendor, d.pciClass, `${d.vendorId}:${d.productId}`].some((s) =>
    s.toLowerCase().includes(q),
  );
}

function label(d: HostDevice): string {
  const role = d.sriov?.role === 'vf' ? ` · VF ${d.vfIndex ?? ''} of ${d.sriov.pf}` : '';
  return `${d.product} · ${d.vendor} · ${d.pciClass} · group ${d.iommuGroup}${role}`;
}

export function AddHostDeviceDialog({ vmKey }: { vmKey: string }) {
  const close = useAppStore((s) => s.closeDialog);
  const vm = useAppStore((s) => s.vms[vmKey]);
  const { hostId } = splitVmKey(vmKey);
  const { value: inv } = hostDevices.use(hostId);
  const [query, setQuery] = useState('');
  const [pciClass, setPciClass] = useState<(typeof CLASSES)[number]>('all');
  const [address, setAddress] = useState<string | null>(null);
  const [as, setAs] = useState<AssignAs>('hostdev');
  const [wholeGroup, setWholeGroup] = useState(true);
  const [mac, setMac] = useState('');
  const [vlan, setVlan] = useState('');
  const [check, setCheck] = useState<{ key: string; result: AssignCheck | string } | null>(null);

  const shown = useMemo(
    () =>
      (inv?.devices ?? []).filter(
        (d) => (pciClass === 'all' || d.pciClass === pciClass) && matches(d, query),
      ),
    [inv, pciClass, query],
  );
  const picked = inv?.devices.find((d) => d.address === address);
  const network = picked?.pciClass === 'network';
  const assignAs: AssignAs = network ? as : 'hostdev';
  const macText = mac.trim().toLowerCase();
  const vlanNumber = vlan.trim() === '' ? null : Number(vlan);
  const macError =
    assignAs === 'interface' && macText !== '' && !MAC_RE.test(macText)
      ? 'A unicast MAC like 52:54:00:12:34:56'
      : undefined;
  const vlanError =
    assignAs === 'interface' &&
    vlanNumber !== null &&
    (!Number.isInteger(vlanNumber) || vlanNumber < 1 || vlanNumber > 4094)
      ? 'A VLAN id from 1 to 4094'
      : undefined;
  const request = picked && {
    address: picked.address,
    as: assignAs,
    mac: assignAs === 'interface' && macText !== '' ? macText : null,
    vlan: assignAs === 'interface' ? vlanNumber : null,
    wholeGroup,
  };
  const requestKey = request && !macError && !vlanError ? JSON.stringify(request) : null;

  // Every change of what would be assigned asks main again; only the newest answer shows.
  useEffect(() => {
    if (requestKey === null || !request) return;
    let current = true;
    checkAssignment(vmKey, request).then(
      (result) => current && setCheck({ key: requestKey, result }),
      (e: unknown) => current && setCheck({ key: requestKey, result: errorMessage(e) }),
    );
    return () => {
      current = false;
    };
    // request is derived from requestKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey, vmKey]);

  const result = check && check.key === requestKey ? check.result : null;
  const refused =
    result && typeof result !== 'string'
      ? result.conflicts.find((c) => c.severity === 'refuse')
      : undefined;
  const invalid = !picked
    ? 'Pick a device'
    : (macError ??
      vlanError ??
      (result === null
        ? 'Checking for conflicts…'
        : typeof result === 'string'
          ? result
          : refused
            ? refused.message
            : null));
  const members =
    result && typeof result !== 'string'
      ? result.groupMembers.map((a) => inv?.devices.find((d) => d.address === a) ?? null)
      : [];

  return (
    <DialogFrame
      id="add-host-device"
      title="Add host device"
      action="Assign"
      size="wide"
      invalid={invalid}
      onClose={close}
      run={async () => {
        if (request) await assignHostDevice(vmKey, request);
      }}
    >
      <p className="muted">
        {vm ? `To ${vm.name}. ` : ''}Devices go to a VM with their whole IOMMU group; conflicts show
        before anything is written.
      </p>
      <div className="form-grid">
        <TextField
          id="add-host-device-search"
          label="Search devices"
          hint="Name, vendor, class or PCI address"
          value={query}
          autoFocus
          onChange={setQuery}
        />
        <FormField id="add-host-device-class" label="Class">
          <select
            value={pciClass}
            onChange={(e) => setPciClass(e.target.value as (typeof CLASSES)[number])}
          >
            {CLASSES.map((c) => (
              <option key={c} value={c}>
                {c === 'all' ? 'All classes' : c}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <fieldset className="hostdev-list-field">
        <legend>Devices ({shown.length})</legend>
        {inv === undefined ? (
          <p className="muted">Loading devices…</p>
        ) : shown.length === 0 ? (
          <p className="muted">No device matches.</p>
        ) : (
          <div className="hostdev-list">
            {shown.map((d) => (
              <label key={d.address} className="hostdev-choice">
                <input
                  type="radio"
                  name="add-host-device-address"
                  value={d.address}
                  checked={address === d.address}
                  onChange={() => {
                    setAddress(d.address);
                    setAs(d.sriov?.role === 'vf' ? 'interface' : 'hostdev');
                    setWholeGroup(true);
                  }}
                />
                <span className="mono">{d.address}</span>
                <span>{label(d)}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      {picked && network && (
        <fieldset>
          <legend>Give it to the VM as</legend>
          <label className="hostdev-choice">
            <input
              type="radio"
              name="add-host-device-as"
              checked={as === 'interface'}
              onChange={() => setAs('interface')}
            />
            A network interface (&lt;interface type=&apos;hostdev&apos;&gt;, MAC and VLAN)
          </label>
          <label className="hostdev-choice">
            <input
              type="radio"
              name="add-host-device-as"
              checked={as === 'hostdev'}
              onChange={() => setAs('hostdev')}
            />
            A raw PCI device (&lt;hostdev&gt;)
          </label>
          {as === 'interface' && (
            <div className="form-grid">
              <TextField
                id="add-host-device-mac"
                label="MAC address"
                hint="Empty: one is generated"
                value={mac}
                error={macError}
                onChange={setMac}
              />
              <TextField
                id="add-host-device-vlan"
                label="VLAN tag"
                hint="Optional, 1–4094"
                value={vlan}
                error={vlanError}
                onChange={setVlan}
              />
            </div>
          )}
        </fieldset>
      )}
      {members.length > 0 && (
        <label className="hostdev-choice">
          <input
            type="checkbox"
            checked={wholeGroup}
            onChange={(e) => setWholeGroup(e.target.checked)}
          />
          Assign the whole IOMMU group {picked?.iommuGroup}: also{' '}
          {members.map((m, i) => (m ? `${m.address} (${m.product})` : i)).join(', ')}
        </label>
      )}
      {picked && (
        <section aria-label="Conflicts" aria-live="polite" className="hostdev-check">
          {result === null ? (
            <p className="muted">Checking {picked.address} for conflicts…</p>
          ) : typeof result === 'string' ? (
            <p className="inline-error">{result}</p>
          ) : result.conflicts.length === 0 ? (
            <p>
              No conflicts.{' '}
              {result.live
                ? `${vm?.name ?? 'The VM'} is running: the device is hot-plugged now and kept in its definition.`
                : `${vm?.name ?? 'The VM'} gets it the next time it starts.`}
            </p>
          ) : (
            <ul className="hostdev-conflicts">
              {result.conflicts.map((c) => (
                <li key={c.kind + c.message} className={c.severity}>
                  <strong>{c.severity === 'refuse' ? 'Refused: ' : 'Warning: '}</strong>
                  {c.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </DialogFrame>
  );
}
