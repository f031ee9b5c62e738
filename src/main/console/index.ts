export { ByteRing, RING_BYTES } from './ringBuffer';
export { ACK_BATCH, FlowController, HIGH_WATERMARK, LOW_WATERMARK } from './flowControl';
export type { FlowControllerOptions } from './flowControl';
export { ConsoleHub, TAKEN_OVER, VM_STOPPED } from './consoleHub';
export type {
  ConsoleAttachment,
  ConsoleClient,
  ConsoleHubOptions,
  ConsoleSource,
} from './consoleHub';
export { guestConsoleSource } from './guestSource';
export type { GuestSerialPort } from './guestSource';
export { DisplayHub } from './displayHub';
export type { DisplaySource } from './displayHub';
