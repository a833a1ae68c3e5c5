import { useState } from 'react';
import { api } from '../api';
import { ActionBar } from '../components/ActionBar';
import { Failure, Reasons, VerdictBadge } from '../components/bits';
import { Samples } from '../components/HourlyChart';
import { TimelineAndDecisions } from '../components/TimelineAndDecisions';
import { num, pct, when } from '../format';
import { useData } from '../live';
import { hrefOf } from '../route';
import type { AccountDetail } from '../types';

export function Account({ id, version }: { id: string; version: number }) {
  const [message, setMessage] = useState<string | null>(null);
  const [redacted, setRedacted] = useState(true);
  const { data, error, reload } = useData(
    () => api.get<AccountDetail>(`/accounts/${encodeURIComponent(id)}${redacted ? '' : '?redact=0'}`),
    [id, version, redacted],
  );
  if (error) return <Failure error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const a = data.account;
  return (
    <>
      <h1>
        Account {id} {a && <VerdictBadge verdict={a.verdict} />} {a && <span className="muted">score {pct(a.score)}</span>}
      </h1>
      <p className="muted">
        {a ? `${num(a.exchanges)} exchanges seen` : 'no traffic seen by detection since the gateway started'}
        {a?.cluster && <> · cluster <a href={hrefOf.cluster(a.cluster)}>{a.cluster}</a></>}
        {a?.first_flagged_at && <> · first flagged {when(a.first_flagged_at)}</>}
      </p>
      <ActionBar kind="account" id={id} onDone={(m) => (setMessage(m), reload())} />
      {message && <p className="notice" role="status">{message}</p>}
      <div className="grid2">
        <section className="card">
          <h2>Signals and reasons</h2>
          <Reasons reasons={a?.reasons ?? []} />
        </section>
        <section className="card">
          <h2>Registry</h2>
          {data.registry ? (
            <dl className="kv">{Object.entries(data.registry).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}</dl>
          ) : (
            <p className="muted">Not in the account registry (import one with `hydrawatch accounts import`).</p>
          )}
        </section>
      </div>
      <section className="card">
        <h2>Linked accounts and why</h2>
        {data.links.length === 0 ? (
          <p className="muted">No links to other accounts.</p>
        ) : (
          <table>
            <thead><tr><th>Account</th><th>Linked by</th><th>Weight</th></tr></thead>
            <tbody>
              {data.links.map((l) => {
                const other = l.a === id ? l.b : l.a;
                return (
                  <tr key={other}>
                    <td><a href={hrefOf.account(other)}>{other}</a></td>
                    <td>{l.kinds.join(', ')}</td>
                    <td>{l.weight.toFixed(2)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <TimelineAndDecisions traffic={data.traffic} decisions={data.decisions} onLifted={reload} onError={setMessage} />
      <section className="card">
        <h2>Sample prompts</h2>
        <Samples traffic={data.traffic} redacted={redacted} onToggle={() => setRedacted(!redacted)} />
      </section>
    </>
  );
}
