// Which URLs are the app itself: the built renderer file, or the dev server during `npm run dev`.
import { pathToFileURL } from 'node:url';

/**
 * The dev server electron-vite names in ELECTRON_RENDERER_URL, honoured only in an unpackaged
 * build: in an installed app that variable would let anyone who can set the environment load
 * their own page with the preload bridge (every host, the ssh-agent) behind it.
 */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): string | undefined {
  if (isPackaged) return undefined;
  const url = env.ELECTRON_RENDERER_URL;
  return url === undefined || url === '' ? undefined : url;
}

export function appUrlMatcher(
  rendererIndexPath: string,
  devServerUrl?: string,
): (url: string) => boolean {
  const fileUrl = pathToFileURL(rendererIndexPath).href;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (url: string) => {
    try {
      const u = new URL(url);
      if (u.protocol === 'file:') return `${u.protocol}//${u.host}${u.pathname}` === fileUrl;
      return devOrigin !== null && u.origin === devOrigin;
    } catch {
      return false;
    }
  };
}
