// Electron IPC channel names, used by main's Electron transport and by preload.
export const IPC_CALL = 'virtdesk:call';
export const IPC_EVENT = 'virtdesk:event';
/** Carries a MessagePort for one console stream (preload → main). */
export const IPC_CONSOLE = 'virtdesk:console';
/** Carries a MessagePort for one VM screen (preload → main). */
export const IPC_DISPLAY = 'virtdesk:display';
/** window.postMessage type preload uses to hand the page its end of a console port. */
export const CONSOLE_PORT_MESSAGE = 'virtdesk:console-port';
