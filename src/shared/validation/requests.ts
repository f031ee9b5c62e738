// The schema of every request in ApiMethods. The service runs these before any driver sees a
// request, whichever transport it came over.
import type { ApiMethod, ApiMethods, Params } from '../api';
import { isApiMethod } from '../api';
import { VirtdeskError } from '../errors';
import type { DisplayOpenParams } from '../display';
import type { ConsoleOpenParams } from '../console';
import type { DiskChoice } from '../deletePlan';
import type { NewVmSpec } from '../model';
import { checkName } from '../names';
import { CONNECTION_URI_MAX, connectionUriProblem } from './connectionUri';
import type { Schema } from './schema';
import { arr, int, nullable, obj, oneOf, optional, str } from './schema';
import { PROMPT_MAX_RESPONSE } from '../prompts';
import { LIMITS } from './limits';
import { MAX_XML_BYTES } from '../libvirt-xml/limits';
import { snapshotSchemas } from './snapshots';
import { diskSourceSchema, storageSchemas } from './storage';
import { migrationSchemas } from './migration';
import { networkSchemas } from './networks';
import { tuningSchemas } from './tuning';
import { hardwareSchemas } from './hardware';
import { hostDeviceSchemas } from './hostDevices';
import { newName } from './names';

const MAX_XML_CHARS = MAX_XML_BYTES;

const id = str({ min: 1, max: 128, pattern: /^[A-Za-z0-9._:-]+$/ });
const hostRef = obj({ hostId: id });
const vmRef = obj({ hostId: id, vmId: id });
const empty = obj<Record<string, never>>({});

/** More disks than any VM virtdesk could show (libvirt's own limit is per bus). */
const MAX_DELETE_DISKS = 256;
/** A disk Delete should take: its target (vda, sdb, hdc…) and the source the dialog showed. */
const diskChoice = obj<DiskChoice>({
  target: str({ min: 1, max: 32, pattern: /^[A-Za-z0-9_-]+$/ }),
  // eslint-disable-next-line no-control-regex
  source: str({ min: 1, max: 4096, pattern: /^[^\u0000\n]+$/ }),
});

export const newVmSpecSchema: Schema<NewVmSpec> = obj<NewVmSpec>({
  name: newName(),
  vcpus: int({ min: 1, max: LIMITS.vcpusMax }),
  memoryMiB: int({ min: LIMITS.memoryMiBMin, max: LIMITS.memoryMiBMax }),
  diskGiB: int({ min: 0, max: LIMITS.diskGiBMax }),
  network: str({ min: 1, max: 64, check: (s) => checkName(s, 'Network') }),
  disk: optional(diskSourceSchema),
});

export const requestSchemas: { [M in ApiMethod]: Schema<Params<M>> } = {
  hostList: empty,
  vmList: hostRef,
  vmGet: vmRef,
  vmCreate: obj<ApiMethods['vmCreate']['params']>({ hostId: id, spec: newVmSpecSchema }),
  vmStart: vmRef,
  vmShutdown: vmRef,
  vmReboot: vmRef,
  vmForceOff: vmRef,
  vmPause: vmRef,
  vmResume: vmRef,
  vmDeletePlan: vmRef,
  vmDelete: obj<ApiMethods['vmDelete']['params']>({
    hostId: id,
    vmId: id,
    disks: arr(diskChoice, { max: MAX_DELETE_DISKS }),
  }),
  vmGetXml: vmRef,
  vmDefineXml: obj<ApiMethods['vmDefineXml']['params']>({
    hostId: id,
    vmId: id,
    xml: str({ min: 1, max: MAX_XML_CHARS }),
  }),
  connectionAdd: obj<ApiMethods['connectionAdd']['params']>({
    // What it may contain; main parses it for real (src/main/ssh/libvirtUri.ts).
    uri: str({ min: 1, max: CONNECTION_URI_MAX, check: connectionUriProblem }),
    name: str({ max: 64, check: (s) => (s === '' ? null : checkName(s, 'Connection name')) }),
  }),
  connectionRemove: hostRef,
  connectionReconnect: hostRef,
  promptList: empty,
  promptAnswerHostKey: obj<ApiMethods['promptAnswerHostKey']['params']>({
    promptId: id,
    decision: oneOf(['once', 'remember', 'cancel'] as const),
  }),
  promptAnswerSecret: obj<ApiMethods['promptAnswerSecret']['params']>({
    promptId: id,
    responses: nullable(arr(str({ max: PROMPT_MAX_RESPONSE }), { max: 16 })),
  }),
  noticeList: empty,
  noticeDismiss: obj({ noticeId: id }),
  ...snapshotSchemas(id),
  ...storageSchemas(id),
  ...networkSchemas(id),
  ...tuningSchemas(id),
  ...hardwareSchemas(id),
  ...hostDeviceSchemas(id),
  ...migrationSchemas(id),
};

/** Checks a request off the wire: a known method and params matching its schema. */
export function validateRequest(
  method: unknown,
  params: unknown,
): { method: ApiMethod; params: unknown } {
  if (!isApiMethod(method)) {
    throw new VirtdeskError(
      'INVALID_INPUT',
      `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}`,
    );
  }
  // A missing params object is the same as an empty one for methods that take none.
  const schema = requestSchemas[method] as Schema<unknown>;
  return { method, params: schema(params ?? {}, '') };
}

export const consoleOpenSchema: Schema<ConsoleOpenParams> = obj<ConsoleOpenParams>({
  hostId: id,
  vmId: id,
  cols: int({ min: 1, max: 1000 }),
  rows: int({ min: 1, max: 1000 }),
});

export const displayOpenSchema: Schema<DisplayOpenParams> = obj<DisplayOpenParams>({
  hostId: id,
  vmId: id,
});
