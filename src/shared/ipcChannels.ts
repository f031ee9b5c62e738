// Electron IPC channel names, used by main's Electron transport and by preload.
export const IPC_CALL = 'virtdesk:call';
export const IPC_EVENT = 'virtdesk:event';
