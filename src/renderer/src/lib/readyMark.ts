// Marks the moment the tree first shows loaded data: a performance mark for the benchmark and a
// body attribute tests wait on.
let marked = false;

export function markTreeShown(): void {
  if (marked) return;
  marked = true;
  performance.mark('virtdesk:tree-shown');
  document.body.dataset.ready = '1';
}
