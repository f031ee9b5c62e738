// Which URLs are the app itself: the built renderer file, or the dev server during `npm run dev`.
import { pathToFileURL } from 'node:url';

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
