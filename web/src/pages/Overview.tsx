import { api } from '../api';
import { Empty, Failure, VerdictBadge } from '../components/bits';
import { TrafficChart } from '../components/TrafficChart';
import { num, pct, when } from '../format';
import { useData } from '../live';
import { hrefOf } from '../route';
import type { Overview as OverviewData, OverviewRow } from '../types';

function ClusterRows({ rows, empty }: { rows: OverviewRow[]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table>
      <thead>
        <tr><th>Cluster</th><th>Verdict</th><th>Score</th><th>Accounts</th><th>Exchanges</th><th>Acted on</th></tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id}>
            <td><a href={hrefOf.cluster(c.id)}>{c.id}</a></td>
            <td><VerdictBadge verdict={c.verdict} /></td>
            <td>{pct(c.score)}</td>
            <td>{num(c.accounts)}</td>
            <td>{num(c.exchanges)}</td>
            <td>{c.acted ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Overview({ version }: { version: number }) {
  const { data, error } = useData(() => api.get<OverviewData>('/overview'), [version]);
  if (error) return <Failure error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const { totals, enforcement } = data;
  const all = totals.benign + totals.suspicious + totals.distillation;
  return (
    <>
      <h1>Overview</h1>
      <section className="stats">
        <div className="stat"><span>Exchanges seen</span><strong>{num(all)}</strong></div>
        <div className="stat"><span>From flagged accounts</span><strong>{num(totals.distillation + totals.suspicious)}</strong></div>
        <div className="stat"><span>Flagged clusters</span><strong>{num(totals.flagged_clusters)}</strong><small>of {num(totals.clusters)}</small></div>
        <div className="stat"><span>Active decisions</span><strong>{num(totals.active_decisions)}</strong></div>
        <div className="stat danger" title="requests answered in full to accounts already flagged as distillation">
          <span>Leakage so far</span>
          <strong>{enforcement ? num(enforcement.leaked) : '—'}</strong>
          <small>{enforcement ? `answers to flagged accounts; ${num(enforcement.denied)} refused` : 'enforcement off'}</small>
        </div>
      </section>
      <section className="card">
        <h2>Traffic by verdict</h2>
        {data.timeline.length === 0 ? (
          <Empty title="No traffic yet">Send requests through the gateway (or run `npx hydrawatch demo`): exchanges appear here as they arrive.</Empty>
        ) : (
          <TrafficChart timeline={data.timeline} releases={data.releases} alerts={data.alerts} />
        )}
        <p className="muted legend">Dashed blue: model releases · dotted orange: alerts</p>
      </section>
      <div className="grid2">
        <section className="card">
          <h2>Open cases</h2>
          <ClusterRows rows={data.open_cases} empty="No flagged cluster is waiting for a decision." />
        </section>
        <section className="card">
          <h2>Top clusters by harvested volume</h2>
          <ClusterRows rows={data.top_clusters} empty="No flagged clusters yet: detection refreshes clusters every few seconds while traffic flows." />
        </section>
      </div>
      <section className="card">
        <h2>Alerts</h2>
        {data.alerts.length === 0 ? (
          <p className="muted">No model-pivot or low-and-slow alerts so far.</p>
        ) : (
          <ul className="reasons">
            {data.alerts.slice().reverse().map((a, i) => (
              <li key={i}>
                <code>{a.kind}</code> {when(a.ts)} {a.cluster && <a href={hrefOf.cluster(a.cluster)}>{a.cluster}</a>} — {a.detail}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
