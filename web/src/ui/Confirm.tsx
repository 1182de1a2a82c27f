/**
 * A button for a destructive or irreversible action: it asks first, in a modal dialog (the
 * browser's <dialog>: focus moves into it, to Cancel, the first button; Escape cancels), and runs
 * the action only on the confirming button.
 */
import { useId, useRef, type ReactNode } from 'react';

export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  disabled,
  className = 'button button--danger button--small',
}: {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
      >
        {children}
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={titleId}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            dialog.current?.close();
            onConfirm();
          }}
        >
          <h2 id={titleId}>{title}</h2>
          <div className="confirm__message">{message}</div>
          <div className="confirm__actions">
            <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button button--danger">
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
