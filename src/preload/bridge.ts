// The shape preload exposes as window.virtdesk. Responses come back as wire envelopes because
// contextBridge strips custom fields (the error code) off rejected Errors.
import type { ApiEvent, ApiMethod, WireResponse } from '../shared/api';

export interface VirtdeskBridge {
  methods: ApiMethod[];
  call(method: ApiMethod, params: unknown): Promise<WireResponse>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}
