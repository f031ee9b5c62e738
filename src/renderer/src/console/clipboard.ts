// Copy and paste for the terminal, the way Linux terminals do it: Ctrl+Shift+C copies xterm's
// selection, Ctrl+Shift+V pastes, plain Ctrl+C stays an interrupt for the guest. Copy uses the
// async clipboard where the page may, else document.execCommand('copy') (Electron denies the
// clipboard permission). Paste is left to the browser's own paste event on xterm's textarea,
// which needs no permission at all; the context menu's Copy/Paste work the same way.
import type { Terminal } from '@xterm/xterm';

export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) throw new Error('no async clipboard');
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return execCopy(text);
  }
}

function execCopy(text: string): boolean {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '0';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  focused?.focus();
  return ok;
}

/** xterm's custom key handler: false means "not for the terminal". */
export function clipboardKeyHandler(term: Terminal): (e: KeyboardEvent) => boolean {
  return (e) => {
    if (!e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return true;
    const key = e.key.toLowerCase();
    if (key === 'c') {
      if (e.type === 'keydown') {
        e.preventDefault();
        if (term.hasSelection()) void copyText(term.getSelection());
      }
      return false;
    }
    // The browser turns Ctrl+Shift+V into a paste event on xterm's textarea; xterm sends that.
    return key !== 'v';
  };
}
