// Resize a hugepage pool: the number of pages the node should have (its nr_hugepages). The kernel
// allocates what it can; the Tuning view then says how many it got and why not more.
import { useState } from 'react';
import type { HugepagePool } from '../../../../shared/model';
import { pageSizeText } from '../../../../shared/tuning';
import { useAppStore } from '../../store/appStore';
import type { DialogOf } from '../../store/dialogs';
import { hostTuning, resizeHugepages } from '../../store/tuningCommands';
import { DialogFrame } from '../common/DialogFrame';
import { TextField } from '../common/TextField';

export function HugepageDialog({ dialog }: { dialog: DialogOf<'hugepages'> }) {
  const tuning = hostTuning.useLoaded(dialog.hostId);
  const pool = tuning?.nodes
    .find((n) => n.id === dialog.node)
    ?.hugepages.find((p) => p.sizeKiB === dialog.sizeKiB);
  if (!pool) return null;
  return <Resize dialog={dialog} pool={pool} />;
}

function Resize({ dialog, pool }: { dialog: DialogOf<'hugepages'>; pool: HugepagePool }) {
  const close = useAppStore((s) => s.closeDialog);
  const [text, setText] = useState(String(pool.total));
  const size = pageSizeText(dialog.sizeKiB);
  const count = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
  return (
    <DialogFrame
      onClose={close}
      id="hugepages"
      title={`Resize ${size} pages on node ${dialog.node}`}
      action="Resize"
      invalid={count === null ? 'Pages must be a whole number.' : null}
      run={() => resizeHugepages(dialog.hostId, dialog.node, dialog.sizeKiB, count ?? 0)}
    >
      <p>
        The pool has {pool.total} pages, {pool.total - pool.free} of them in use by guests. The
        kernel frees only unused pages, and allocates new ones from the node&apos;s free memory as
        far as it holds blocks of {size}.
      </p>
      <TextField
        id="hugepages-count"
        label="Pages"
        type="number"
        min={0}
        value={text}
        autoFocus
        error={count === null ? 'Pages must be a whole number.' : undefined}
        onChange={setText}
      />
    </DialogFrame>
  );
}
