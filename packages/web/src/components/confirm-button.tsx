/**
 * @module A button that asks before doing something destructive, in a native modal <dialog> (focus trapping,
 * Escape to cancel and the backdrop come with the element).
 */
import { useRef, useState, type ReactNode } from 'react';

export function ConfirmButton(props: {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  className?: string;
  disabled?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      ref.current?.close();
    }
  };
  return (
    <>
      <button type="button" className={props.className ?? 'btn'} disabled={props.disabled} onClick={() => ref.current?.showModal()}>
        {props.children}
      </button>
      <dialog ref={ref} className="dialog" aria-labelledby={undefined} aria-label={props.title}>
        <h2 className="dialog-title">{props.title}</h2>
        <div className="dialog-body">{props.message}</div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => ref.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={confirm} disabled={busy}>
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
