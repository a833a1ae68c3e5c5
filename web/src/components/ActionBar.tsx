/** Analyst actions on a cluster or an account: ban, degrade, watermark (with a TTL and a reason), dismiss as benign. */
import { useState } from 'react';
import { api } from '../api';

export function ActionBar({ kind, id, onDone }: { kind: 'account' | 'cluster'; id: string; onDone: (message: string) => void }) {
  const [ttl, setTtl] = useState('7d');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (what: string, act: () => Promise<unknown>) => {
    setBusy(true);
    act().then(
      () => onDone(`${what}: done`),
      (err: Error) => onDone(`${what} failed: ${err.message}`),
    ).finally(() => setBusy(false));
  };
  const decide = (action: string, label: string) =>
    run(label, () => api.decide(kind, id, action, ttl, reason || `${label} from the dashboard`));
  return (
    <div className="actions" role="group" aria-label="actions">
      <button className="danger" disabled={busy} onClick={() => decide('block', kind === 'cluster' ? 'Ban the cluster' : 'Block the account')}>
        {kind === 'cluster' ? 'Ban the cluster' : 'Block the account'}
      </button>
      <button disabled={busy} onClick={() => decide('degrade', 'Degrade')}>Degrade</button>
      <button disabled={busy} onClick={() => decide('watermark', 'Watermark')}>Watermark</button>
      {kind === 'cluster' && (
        <button disabled={busy} onClick={() => run('Dismiss as benign', () => api.dismiss(id, reason || 'dismissed as benign (dashboard)'))}>
          Dismiss as benign
        </button>
      )}
      <label>
        TTL
        <select value={ttl} onChange={(e) => setTtl(e.target.value)} aria-label="ttl">
          <option value="1h">1 hour</option>
          <option value="24h">24 hours</option>
          <option value="7d">7 days</option>
          <option value="30d">30 days</option>
          <option value="">until lifted</option>
        </select>
      </label>
      <input placeholder="reason (goes to the audit log)" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="reason" />
    </div>
  );
}
