// A modal dialog on the native <dialog> element: showModal() makes the rest of the page inert,
// Tab is trapped inside, Escape cancels, focus starts on the element marked data-autofocus and
// goes back where it was when the dialog closes.
import type { KeyboardEvent, ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import './modal.css';

interface Props {
  labelledBy: string;
  describedBy?: string;
  onCancel(): void;
  className?: string;
  children: ReactNode;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.offsetParent !== null,
  );
}

export function Modal({ labelledBy, describedBy, onCancel, className, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const tearingDown = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    tearingDown.current = false;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(dialog)[0];
    first?.focus();
    return () => {
      tearingDown.current = true;
      if (dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !ref.current.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !ref.current.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onClose={() => {
        // Closed by the browser itself (not by unmounting): treat as cancel.
        if (!tearingDown.current) onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
