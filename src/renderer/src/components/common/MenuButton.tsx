// A WAI-ARIA menu button: a button with aria-haspopup="menu" opening a role="menu" list of
// menuitems. Enter, Space or ArrowDown open it on the first item, ArrowUp on the last; in the menu
// the arrows move (wrapping), Home/End jump, Enter/Space choose, Escape closes and returns focus
// to the button, Tab or a click elsewhere just closes it.
import type { KeyboardEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import './menu.css';

export interface MenuItem {
  id: string;
  label: string;
}

interface Props {
  label: string;
  items: readonly MenuItem[];
  onSelect(id: string): void;
  disabled?: boolean;
  title?: string;
}

export function MenuButton({ label, items, onSelect, disabled, title }: Props) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent): void => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [open]);

  useEffect(() => {
    if (open) menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  const show = (where: 'first' | 'last'): void => {
    setActive(where === 'first' ? 0 : items.length - 1);
    setOpen(where);
  };

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const choose = (id: string): void => {
    setOpen(false);
    onSelect(id);
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') show('first');
    else if (e.key === 'ArrowUp') show('last');
    else return;
    e.preventDefault();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const n = items.length;
    switch (e.key) {
      case 'ArrowDown':
        setActive((i) => (i + 1) % n);
        break;
      case 'ArrowUp':
        setActive((i) => (i - 1 + n) % n);
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(n - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return;
      case 'Enter':
      case ' ': {
        const item = items[active];
        if (item) choose(item.id);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="menu-button">
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        title={title}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={onButtonKey}
      >
        {label}
        <span className="menu-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={menuId}
          className="menu"
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
        >
          {items.map((item, i) => (
            <li
              key={item.id}
              role="menuitem"
              className="menu-item"
              tabIndex={i === active ? 0 : -1}
              onClick={() => choose(item.id)}
              onPointerMove={() => setActive(i)}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
