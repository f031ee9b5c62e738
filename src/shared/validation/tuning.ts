// Schemas of the host tuning requests. A hugepage count is what nr_hugepages takes: a whole
// number, bounded so no request can ask for more pages than any host could hold.
import type { ApiMethods } from '../api';
import type { Schema } from './schema';
import { int, obj } from './schema';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

/** 16 GiB pages are the largest any platform has (POWER); 4 KiB the base page. */
const PAGE_SIZE = int({ min: 4, max: 16 * 1024 * 1024 });

export function tuningSchemas(id: Schema<string>) {
  return {
    tuningGet: obj<P<'tuningGet'>>({ hostId: id }),
    tuningSetHugepages: obj<P<'tuningSetHugepages'>>({
      hostId: id,
      node: int({ min: 0, max: 1023 }),
      sizeKiB: PAGE_SIZE,
      count: int({ min: 0, max: 100_000_000 }),
    }),
  };
}
