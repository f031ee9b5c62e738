// The frame of a Define dialog (a network, a storage pool): the kind, the name, the fields that
// kind needs and "Start … now", beside a read-only preview of the XML they make, which is exactly
// what is defined. The dialog keeps its form and its checks; this is the layout they share.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { DialogFrame } from './DialogFrame';
import { FormField } from './FormField';
import { TextField } from './TextField';
import './defineDialog.css';

interface Props<K extends string> {
  /** Prefix of the ids: `${id}-kind`, `${id}-name`, `${id}-xml`. */
  id: string;
  title: string;
  /** The first problem of the form, or null. */
  invalid: string | null;
  onInvalidSubmit?(): void;
  /** Defines it, and starts it when `start` is ticked. */
  run(start: boolean): Promise<unknown>;
  /** The label of the kind's select ('Kind', 'Type') and its choices. */
  kindLabel: string;
  kinds: readonly { value: K; label: string }[];
  kind: K;
  onKind(kind: K): void;
  name: string;
  nameError: string | undefined;
  onName(name: string): void;
  /** 'Start the network now' */
  startLabel: string;
  /** 'Network XML' */
  xmlLabel: string;
  xml: string;
  /** The kind's own fields, between the name and "Start … now". */
  children: ReactNode;
}

export function DefineDialog<K extends string>(props: Props<K>) {
  const close = useAppStore((s) => s.closeDialog);
  const [start, setStart] = useState(true);
  const { id } = props;
  return (
    <DialogFrame
      onClose={close}
      id={id}
      title={props.title}
      action="Define"
      size="wide"
      invalid={props.invalid}
      onInvalidSubmit={props.onInvalidSubmit}
      run={() => props.run(start)}
    >
      <div className="define-form">
        <div className="define-form-fields">
          <FormField id={`${id}-kind`} label={props.kindLabel}>
            <select value={props.kind} onChange={(e) => props.onKind(e.target.value as K)}>
              {props.kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </FormField>
          <TextField
            id={`${id}-name`}
            label="Name"
            value={props.name}
            error={props.nameError}
            autoFocus
            onChange={props.onName}
          />
          {props.children}
          <label className="check">
            <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} />
            {props.startLabel}
          </label>
        </div>
        <div className="field define-form-xml">
          <label htmlFor={`${id}-xml`}>{props.xmlLabel}</label>
          <textarea
            id={`${id}-xml`}
            className="mono"
            readOnly
            value={props.xml}
            rows={14}
            spellCheck={false}
          />
        </div>
      </div>
    </DialogFrame>
  );
}
