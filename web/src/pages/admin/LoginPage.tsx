import { useState, type FormEvent } from 'react';
import { login, toApiError, type ApiError } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { navigate } from '../../router';
import { saveSession } from './session';

export function LoginPage({ notice }: { notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      saveSession(await login(email.trim(), password));
      navigate('/admin');
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form className="login__card" onSubmit={submit}>
        <h1>Back office</h1>
        <p className="muted">Sign in with your staff account.</p>
        {notice && <p className="notice">{notice}</p>}
        {error && <ErrorBox error={error} title="Sign-in failed" />}
        <label className="field">
          <span className="field__label">E-mail</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
