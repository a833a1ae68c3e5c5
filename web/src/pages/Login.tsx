import { useState, type FormEvent } from 'react';
import { api } from '../api';

export function Login({ onIn }: { onIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    api.login(token).then(onIn, (err: Error) => setError(err.message));
  };
  return (
    <main className="center">
      <form className="card login" onSubmit={submit}>
        <h1>Hydrawatch</h1>
        <p className="muted">Log in with the admin token (HYDRAWATCH_ADMIN_TOKEN; `hydrawatch demo` prints its own).</p>
        <label>
          Admin token
          <input name="token" type="password" autoComplete="current-password" autoFocus value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" disabled={!token}>
          Log in
        </button>
      </form>
    </main>
  );
}
