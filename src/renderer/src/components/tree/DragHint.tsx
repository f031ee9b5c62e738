// Under the tree while a VM is dragged: where it would go, or why the host under it will not take
// it; after a refused drop, why (until the next drag or Dismiss).
import { useAppStore } from '../../store/appStore';
import { useDragStore } from '../../store/dragStore';
import { dragHint } from './treeDrag';

export function DragHint() {
  const drag = useDragStore();
  const vmName = useAppStore((s) =>
    drag.vmKey === null ? null : (s.vms[drag.vmKey]?.name ?? null),
  );
  const overName = useAppStore((s) =>
    drag.overHostId === null ? null : (s.hosts[drag.overHostId]?.name ?? null),
  );
  const text = drag.vmKey !== null ? dragHint(vmName, overName, drag.refusal) : drag.notice;
  return (
    <div
      className={`drag-hint${drag.refusal || (drag.vmKey === null && drag.notice) ? ' is-refused' : ''}`}
    >
      <p role="status" data-testid="drag-hint">
        {text}
      </p>
      {drag.vmKey === null && drag.notice && (
        <button type="button" className="btn btn-small" onClick={() => drag.end(null)}>
          Dismiss
        </button>
      )}
    </div>
  );
}
