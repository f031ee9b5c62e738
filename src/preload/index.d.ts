import type { VirtdeskBridge } from './bridge';

declare global {
  interface Window {
    /** Present in the Electron app only; browser mode talks WebSocket instead. */
    virtdesk?: VirtdeskBridge;
  }
}
