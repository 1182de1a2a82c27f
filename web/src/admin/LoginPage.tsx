import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { login, toApiError, type ApiError } from '../api';
import { Field, FormError } from '../ui/form';
import { loginRoute } from './route';
import { saveSession } from './session';

/** The staff login; after it, the console page the user came for (or the dashboard). */
export function LoginPage() {
  const { redirect } = loginRoute.useSearch();
  const router = useRouter();
  const navigate = useNavigate();
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
      if (redirect) router.history.replace(redirect);
      else await navigate({ to: '/admin', replace: true });
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
        <FormError error={error} fields={['email', 'password']} title="Sign-in failed" />
        <Field label="E-mail" path="email" error={error}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Password" path="password" error={error}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="login__back">
          <Link to="/">← Back to the shop</Link>
        </p>
      </form>
    </div>
  );
}
