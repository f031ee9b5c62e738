// The pool XML a PoolSpec stands for, as `virsh pool-define` takes it and as libvirt's own
// storagepoolxml2xml tests write each type (test/fixtures/libvirt-xml/pool/pool-{dir,logical-create,
// netfs,rbd}.xml). Built as a tree, so the Define pool dialog's preview and the simulated host's
// stored definition are the same document. Pure: no parser, so the renderer can use it.
import { documentOf, el } from './libvirt-xml/build';
import { serializeXml } from './libvirt-xml/serialize';
import type { XmlDocument, XmlElement } from './libvirt-xml/tree';
import type { PoolSpec } from './model';
import { cleanPath, parseMonitorHost } from './storage';

function target(path: string): XmlElement {
  return el('target', {}, el('path', {}, cleanPath(path)));
}

function source(spec: PoolSpec): XmlElement {
  switch (spec.type) {
    case 'dir':
      return el('source');
    case 'logical':
      return el(
        'source',
        {},
        ...spec.devices.map((d) => el('device', { path: cleanPath(d) })),
        el('name', {}, spec.vgName),
        el('format', { type: 'lvm2' }),
      );
    case 'netfs':
      return el(
        'source',
        {},
        el('host', { name: spec.host }),
        el('dir', { path: cleanPath(spec.exportPath) }),
        el('format', { type: 'nfs' }),
      );
    case 'rbd':
      return el(
        'source',
        {},
        ...spec.monitorHosts.map((h) => {
          const host = parseMonitorHost(h) ?? { name: h };
          return el(
            'host',
            host.port === undefined
              ? { name: host.name }
              : { name: host.name, port: String(host.port) },
          );
        }),
        el('name', {}, spec.rbdPool),
        el(
          'auth',
          { type: 'ceph', username: spec.authUser },
          el('secret', { uuid: spec.secretUuid }),
        ),
      );
  }
}

/** Where a pool's volumes show up on the host; RBD images have no local path. */
export function poolTargetPath(spec: PoolSpec): string | null {
  switch (spec.type) {
    case 'dir':
      return cleanPath(spec.path);
    case 'logical':
      return `/dev/${spec.vgName}`;
    case 'netfs':
      return cleanPath(spec.targetPath);
    case 'rbd':
      return null;
  }
}

/**
 * The definition as a document. `extra` goes right after <uuid> (or <name>), where libvirt writes
 * a pool's capacity, allocation and available.
 */
export function poolSpecDocument(
  spec: PoolSpec,
  opts: { uuid?: string; extra?: XmlElement[] } = {},
): XmlDocument {
  const path = poolTargetPath(spec);
  return documentOf(
    el(
      'pool',
      { type: spec.type },
      el('name', {}, spec.name),
      opts.uuid !== undefined && el('uuid', {}, opts.uuid),
      ...(opts.extra ?? []),
      source(spec),
      path !== null && target(path),
    ),
  );
}

/** The definition as text, as the dialog previews it. */
export function poolSpecXml(spec: PoolSpec, opts: { uuid?: string } = {}): string {
  return serializeXml(poolSpecDocument(spec, opts));
}
