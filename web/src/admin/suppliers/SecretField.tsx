/**
 * A write-only secret (API credentials, webhook secret): the console only knows whether it is set.
 * The operator sets, replaces or clears it; the value is never shown back, and goes to the API only
 * with the next save.
 */
import { useId } from 'react';
import { fieldErrors } from '../../ui/form';
import type { SecretAction } from './settings';

export function SecretField({
  label,
  isSet,
  keys,
  value,
  onChange,
  path,
  error,
}: {
  label: string;
  isSet: boolean;
  /** The parts of the secret, each its own input (["secret"] for one value). */
  keys: readonly string[];
  value: SecretAction;
  onChange: (next: SecretAction) => void;
  path: string;
  error: unknown;
}) {
  const id = useId();
  const problems = fieldErrors(error, path);
  const state =
    value.action === 'clear'
      ? 'cleared on save'
      : value.action === 'set'
        ? 'replaced on save'
        : isSet
          ? 'set'
          : 'not set';
  return (
    <fieldset className={`secret${problems.length > 0 ? ' field--error' : ''}`} data-testid={`secret-${path}`}>
      <legend>{label}</legend>
      <p className="secret__state">
        <span className={`status status--${isSet && value.action === 'keep' ? 'active' : 'paused'}`}>{state}</span>
        {value.action === 'keep' ? (
          <>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => onChange({ action: 'set', value: Object.fromEntries(keys.map((k) => [k, ''])) })}
            >
              {isSet ? 'Replace' : 'Set'}
            </button>
            {isSet && (
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => onChange({ action: 'clear' })}
              >
                Clear
              </button>
            )}
          </>
        ) : (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => onChange({ action: 'keep' })}
          >
            Keep as it is
          </button>
        )}
      </p>
      {value.action === 'set' &&
        keys.map((key) => (
          <label key={key} className="field">
            <span className="field__label">
              {label}: {key}
            </span>
            <input
              id={`${id}-${key}`}
              type={/password|secret|apiKey/i.test(key) ? 'password' : 'text'}
              autoComplete="off"
              value={value.value[key] ?? ''}
              onChange={(e) => onChange({ action: 'set', value: { ...value.value, [key]: e.target.value } })}
            />
          </label>
        ))}
      {problems.length > 0 && <span className="field__error">{problems.join(' ')}</span>}
    </fieldset>
  );
}
