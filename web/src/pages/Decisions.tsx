import { api } from '../api';
import { DecisionTable, Empty, Failure } from '../components/bits';
import { num } from '../format';
import { useData } from '../live';
import type { DecisionsPage } from '../types';

export function Decisions({ version }: { version: number }) {
  const { data, error, reload } = useData(() => api.get<DecisionsPage>('/decisions'), [version]);
  if (error) return <Failure error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const { audit, enforcement } = data;
  const shadow = Object.entries(enforcement?.shadow ?? {});
  return (
    <>
      <h1>Decisions and audit</h1>
      <section className="stats">
        <div className={`stat ${audit.ok ? '' : 'danger'}`}>
          <span>Audit chain</span>
          <strong>{audit.ok ? 'intact' : 'BROKEN'}</strong>
          <small>{audit.ok ? `${num(audit.entries)} entries, head ${audit.head.slice(0, 12)}…` : `at entry ${audit.firstBroken.seq}: ${audit.firstBroken.problem}`}</small>
        </div>
        <div className="stat"><span>Requests enforced</span><strong>{enforcement ? num(enforcement.requests) : '—'}</strong></div>
        <div className="stat"><span>Refused</span><strong>{enforcement ? num(enforcement.denied) : '—'}</strong></div>
        <div className="stat"><span>Degraded / watermarked</span><strong>{enforcement ? `${num(enforcement.degraded)} / ${num(enforcement.watermarked)}` : '—'}</strong></div>
      </section>
      <section className="card">
        <h2>Shadow mode: what monitor-only rules would have done</h2>
        {shadow.length === 0 ? (
          <p className="muted">No shadow-mode results: no policy rule is in monitor mode, or none matched yet.</p>
        ) : (
          <ul className="reasons">{shadow.map(([would, n]) => <li key={would}><code>{would}</code> would have applied to {num(n)} requests</li>)}</ul>
        )}
      </section>
      <section className="card">
        <h2>Every decision</h2>
        {data.decisions.length === 0 ? (
          <Empty title="No decisions yet">Policy rules decide automatically as detection flags accounts; analysts act from a cluster or account page.</Empty>
        ) : (
          <DecisionTable decisions={data.decisions} onLift={(d) => void api.lift(d.id).then(reload)} />
        )}
      </section>
    </>
  );
}
