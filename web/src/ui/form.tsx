/**
 * Forms of the console: each control has its label, and the API's field errors (details[].path,
 * e.g. "shippingRule.amount") appear next to the field they name. Problems the API names no field
 * for, or a field the form does not show, go in the box above the form: nothing the server said
 * is dropped.
 */
import { useId, type ReactNode } from 'react';
import { ApiError, toApiError } from '../api';
import { ErrorBox } from '../components/ErrorBox';

/** The messages the error has for this field (its dotted path). */
export function fieldErrors(error: unknown, path: string): string[] {
  if (!error) return [];
  return toApiError(error)
    .details.filter((d) => d.field === path)
    .map((d) => d.message);
}

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control; `children` renders the control with the props that tie it to its label and errors. */
export function Field({
  label,
  path,
  error,
  hint,
  children,
}: {
  label: ReactNode;
  /** The field's path in the request body, as the API names it in details[].path. */
  path: string;
  error: unknown;
  hint?: ReactNode;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const problems = fieldErrors(error, path);
  const describedBy = [hint ? `${id}-hint` : null, problems.length > 0 ? `${id}-error` : null].filter(Boolean);
  return (
    <div className={`field${problems.length > 0 ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        name: path,
        'aria-invalid': problems.length > 0,
        'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
      })}
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {problems.length > 0 && (
        <span className="field__error" id={`${id}-error`} data-testid={`field-error-${path}`}>
          {problems.join(' ')}
        </span>
      )}
    </div>
  );
}

/**
 * The error of a submit, above the form: the message, and the details that no Field of this form
 * (`fields`, the paths it shows) already shows.
 */
export function FormError({ error, fields, title }: { error: unknown; fields: string[]; title?: string }) {
  if (!error) return null;
  const e = toApiError(error);
  const rest = e.details.filter((d) => d.field === null || !fields.includes(d.field));
  // Everything the server said stands next to its field: the box only points there.
  const message = e.details.length > 0 && rest.length === 0 ? 'Please correct the marked fields.' : e.message;
  return <ErrorBox error={new ApiError(e.status, e.code, message, rest)} title={title ?? 'Not saved'} />;
}
