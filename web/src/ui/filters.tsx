/**
 * Filter controls above a DataTable. Each is labelled and writes its value to the URL through
 * `onChange` (undefined clears it); the page resets to the first one.
 */
import { useState, type FormEvent } from 'react';

export function FilterBar({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <div className="filter-bar" role="group" aria-label={label}>
      {children}
    </div>
  );
}

export function SelectFilter<Value extends string>({
  label,
  value,
  options,
  allLabel = 'All',
  onChange,
}: {
  label: string;
  value: Value | undefined;
  options: readonly { value: Value; label: string }[];
  allLabel?: string;
  onChange: (value: Value | undefined) => void;
}) {
  return (
    <label className="filter">
      <span className="filter__label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A text filter applied on Enter (or the button), not on every key: each change is a request. */
export function TextFilter({
  label,
  value,
  placeholder,
  type = 'search',
  onChange,
}: {
  label: string;
  value: string | undefined;
  placeholder?: string;
  type?: 'search' | 'date' | 'email';
  onChange: (value: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  // The URL changed (back button, a link): show its value.
  if (seen !== value) {
    setSeen(value);
    setDraft(value ?? '');
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft.trim() || undefined);
  };
  return (
    <form className="filter filter--text" onSubmit={submit} role="search">
      <label>
        <span className="filter__label">{label}</span>
        <input
          type={type}
          value={draft}
          placeholder={placeholder}
          onChange={(e) => {
            setDraft(e.target.value);
            // A date picker has no Enter: a picked (or cleared) date applies at once.
            if (type === 'date') onChange(e.target.value || undefined);
          }}
        />
      </label>
      {type !== 'date' && (
        <button type="submit" className="button button--small">
          Apply
        </button>
      )}
    </form>
  );
}
