// Replies captured from a real virsh session on the testbed (fixtures/inventory-transcript.json),
// served by command line as the session would: each command's stderr turned into its error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Virsh } from '../../../src/main/drivers/libvirt-ssh/domain';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';
import { virshError } from '../../../src/main/drivers/libvirt-ssh/virshErrors';

export type Replies = Record<string, { stdout: string; stderr: string }>;

export const CAPTURED: Replies = (
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'inventory-transcript.json'), 'utf8')) as {
    replies: Replies;
  }
).replies;

/** The domains in the capture. */
export const IDS = {
  transient: 'daa2c7b8-5dc6-4e80-8254-39d366d374a6',
  autostart: 'ef9e6215-9730-4954-ae92-45c39a515a4a',
  noDisks: 'f26c2f4a-ffe7-41b7-aa0c-45ed0eb703bc',
  tiny: '62f19fc7-ff91-45ad-820b-430d377f06eb',
  hostile: 'bed26bd6-5b30-426a-90c3-1d0272cd4d2b',
  missing: '00000000-0000-4000-8000-000000000000',
} as const;

export const HOSTILE_NAME = "x';touch pwned;' & $(id)";

/**
 * Commands that gained options after the capture, answered with the reply of the command as it
 * was captured. The scan's domstats now also asks for --balloon; the captured reply has no
 * balloon.* lines, which drift.ts reads as "no memory facts" (never as a change).
 */
const CAPTURED_AS: Record<string, string> = {
  'domstats --raw --state --block --balloon': 'domstats --raw --state --block',
};

/** The captured reply to `line` (see CAPTURED_AS); throws when there is none. */
export function replyFor(replies: Replies, line: string): { stdout: string; stderr: string } {
  const reply = replies[line] ?? replies[CAPTURED_AS[line] ?? ''];
  if (!reply) throw new Error(`no captured reply for: ${line}`);
  return reply;
}

export function result(reply: { stdout: string; stderr: string }): VirshResult {
  const error = virshError(reply.stderr, 'testbed');
  return error ? { ok: false, error } : { ok: true, stdout: reply.stdout };
}

/** A virsh session answering from `replies`, recording each batch (one round trip each). */
export function transcriptVirsh(replies: Replies = CAPTURED): Virsh & { batches: string[][] } {
  const batches: string[][] = [];
  const answer = (line: string): VirshResult => result(replyFor(replies, line));
  return {
    batches,
    batch: (lines) => {
      batches.push([...lines]);
      return Promise.resolve(lines.map(answer));
    },
    call: (line) => {
      batches.push([line]);
      const r = answer(line);
      return r.ok ? Promise.resolve(r.stdout) : Promise.reject(r.error);
    },
  };
}
