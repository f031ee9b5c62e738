// The network part of a simulated host's file: each network as the XML libvirt keeps for it, with
// its state and autostart flag. Optional in the file: a file written before networks existed has
// none, and its host starts with the seeded ones. A network that does not parse is a corrupt
// file, reported with the path at fault.
import { parseXml, readNetwork } from '../../../../shared/libvirt-xml';
import { ShapeError, array, bool, record, str, unique } from '../fileShape';
import type { Rec } from '../fileShape';

export interface SavedNetwork {
  /** `virsh net-dumpxml --inactive`. */
  xml: string;
  active: boolean;
  autostart: boolean;
}

function network(raw: unknown, path: string): SavedNetwork & { name: string } {
  const o = record(raw, path);
  const xml = str(o, 'xml', path);
  let name: string | undefined;
  try {
    name = readNetwork(parseXml(xml, { root: 'network' })).name;
  } catch (e) {
    throw new ShapeError(`${path}.xml: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!name) throw new ShapeError(`${path}.xml has no <name>`);
  return { xml, active: bool(o, 'active', path), autostart: bool(o, 'autostart', path), name };
}

/** The file's `networks`, or undefined when the file has none. */
export function loadNetworks(o: Rec): SavedNetwork[] | undefined {
  if (o.networks === undefined) return undefined;
  const list = array(o, 'networks', 'the file').map((n, i) => network(n, `networks[${i}]`));
  unique(list, (n) => n.name, 'Network');
  return list.map(({ xml, active, autostart }) => ({ xml, active, autostart }));
}
