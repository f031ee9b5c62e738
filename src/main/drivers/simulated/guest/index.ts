export { GuestConsole } from './guestConsole';
export type {
  GuestConsoleOptions,
  GuestConsoleState,
  Phase as GuestConsolePhase,
} from './guestState';
export { sanitizeState as parseGuestConsoleState } from './guestState';
export { CHUNK_BYTES, TICK_MS } from './outputQueue';
