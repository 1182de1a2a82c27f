/**
 * A button for a destructive or irreversible action: it asks first, in a modal dialog (the
 * browser's <dialog>: focus moves into it, Escape cancels), and runs the action only on "yes".
 */
import { useRef, useState, type ReactNode } from 'react';

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
  const [open, setOpen] = useState(false);
  const close = () => {
    dialog.current?.close();
    setOpen(false);
  };
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        {children}
      </button>
      <dialog ref={dialog} className="confirm" aria-label={title} onClose={() => setOpen(false)}>
        {open && (
          <form
            method="dialog"
            onSubmit={(event) => {
              event.preventDefault();
              close();
              onConfirm();
            }}
          >
            <h2>{title}</h2>
            <div className="confirm__message">{message}</div>
            <div className="confirm__actions">
              <button type="button" className="button button--ghost" onClick={close} autoFocus>
                Cancel
              </button>
              <button type="submit" className="button button--danger">
                {confirmLabel}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
