/** Small shared pieces: verdict badge, empty state, reasons, decisions table. */
import type { ReactNode } from 'react';
import { when } from '../format';
import { hrefOf } from '../route';
import type { Decision, Reason, Verdict } from '../types';

export const VerdictBadge = ({ verdict }: { verdict: Verdict }) => <span className={`badge ${verdict}`}>{verdict}</span>;

export const Empty = ({ title, children }: { title: string; children: ReactNode }) => (
  <div className="empty">
    <strong>{title}</strong>
    <p>{children}</p>
  </div>
);

export const Failure = ({ error }: { error: string }) => (
  <p className="error" role="alert">
    {error}
  </p>
);

export const Reasons = ({ reasons }: { reasons: Reason[] }) =>
  reasons.length === 0 ? (
    <p className="muted">No reasons: nothing in this traffic looks like distillation.</p>
  ) : (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <code>{r.signal}</code> <span className="muted">weight {r.weight.toFixed(2)}</span> — {r.detail}
        </li>
      ))}
    </ul>
  );

export function DecisionTable({ decisions, onLift }: { decisions: Decision[]; onLift?: (d: Decision) => void }) {
  if (decisions.length === 0) return <p className="muted">No decisions yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>State</th>
          <th>Target</th>
          <th>Action</th>
          <th>Why</th>
          <th>Who</th>
          <th>When</th>
          <th>Until (TTL)</th>
          {onLift && <th />}
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => (
          <tr key={d.id}>
            <td>
              <span className={`badge ${d.state}`}>{d.state}</span>
            </td>
            <td>
              <a href={d.target.kind === 'cluster' ? hrefOf.cluster(d.target.id) : hrefOf.account(d.target.id)}>
                {d.target.kind}:{d.target.id}
              </a>
            </td>
            <td>{d.action}</td>
            <td>{d.reason}{d.rule ? ` (rule ${d.rule})` : ''}</td>
            <td>{d.actor}</td>
            <td>{when(d.created)}</td>
            <td>{d.lifted ? `lifted ${when(d.lifted)}` : d.expires ? when(d.expires) : 'until lifted'}</td>
            {onLift && <td>{d.state === 'active' && <button className="small" onClick={() => onLift(d)}>Lift</button>}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
