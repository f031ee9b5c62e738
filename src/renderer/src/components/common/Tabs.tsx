// WAI-ARIA tabs: a tablist of buttons with a roving tabindex (Left/Right move and select,
// Home/End jump), and one tabpanel holding the selected view. Generic over the tab ids, so any
// pane can use it. Selection is the caller's: onSelect may refuse (e.g. to ask about unsaved
// edits), and focus follows the tab that is actually selected.
import type { KeyboardEvent, ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import './tabs.css';

export interface TabItem<Id extends string> {
  id: Id;
  label: string;
}

interface Props<Id extends string> {
  /** Accessible name of the tablist. */
  label: string;
  /** Prefix for the tab and panel element ids; unique on the page. */
  idBase: string;
  tabs: readonly TabItem<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  /** The selected tab's content. */
  children: ReactNode;
}

export function Tabs<Id extends string>(props: Props<Id>) {
  const { label, idBase, tabs, selected, onSelect, children } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const tabId = (id: Id): string => `${idBase}-tab-${id}`;
  const panelId = `${idBase}-panel`;

  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, [selected]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((t) => t.id === selected);
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
        next = (index + 1) % tabs.length;
        break;
      case 'ArrowLeft':
        next = (index - 1 + tabs.length) % tabs.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const target = tabs[next];
    if (!target || target.id === selected) return;
    wantFocus.current = true;
    onSelect(target.id);
  };

  return (
    <div className="tabs">
      <div
        ref={listRef}
        className="tablist"
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
      >
        {tabs.map((t) => {
          const isSelected = t.id === selected;
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={tabId(t.id)}
              className="tab"
              aria-selected={isSelected}
              aria-controls={isSelected ? panelId : undefined}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => {
                if (!isSelected) onSelect(t.id);
              }}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div className="tabpanel" role="tabpanel" id={panelId} aria-labelledby={tabId(selected)}>
        {children}
      </div>
    </div>
  );
}
