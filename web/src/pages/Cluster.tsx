import { useState } from 'react';
import { api } from '../api';
import { ActionBar } from '../components/ActionBar';
import { AccountGraph, LinkLegend } from '../components/AccountGraph';
import { Failure, VerdictBadge } from '../components/bits';
import { Samples } from '../components/HourlyChart';
import { TimelineAndDecisions } from '../components/TimelineAndDecisions';
import { num, pct, when } from '../format';
import { useData } from '../live';
import { hrefOf } from '../route';
import type { ClusterDetail } from '../types';

const MEMBER_ROWS = 200;

export function Cluster({ id, version }: { id: string; version: number }) {
  const [redacted, setRedacted] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const { data, error, reload } = useData(
    () => api.get<ClusterDetail>(`/clusters/${encodeURIComponent(id)}${redacted ? '' : '?redact=0'}`),
    [id, version, redacted],
  );
  if (error) return <Failure error={`${error}. Clusters are renamed as detection refreshes: open the Campaigns list for the current ones.`} />;
  if (!data) return <p className="muted">Loading…</p>;
  const c = data.cluster;
  const members = [...data.members].sort((a, b) => b.score - a.score);
  return (
    <>
      <h1>
        Cluster {c.id} <VerdictBadge verdict={c.verdict} /> <span className="muted">score {pct(c.score)}</span>
      </h1>
      <p className="muted">
        {num(c.size)} accounts · {num(c.exchanges)} exchanges · first seen {when(c.first_seen)} · last seen {when(c.last_seen)}
      </p>
      <ActionBar kind="cluster" id={c.id} onDone={(m) => (setMessage(m), reload())} />
      {message && <p className="notice" role="status">{message}</p>}
      <section className="card">
        <h2>Evidence</h2>
        {c.evidence.length === 0 ? <p className="muted">No evidence recorded.</p> : <ul className="reasons">{c.evidence.map((e, i) => <li key={i}>{e}</li>)}</ul>}
        <p>
          Linked by: {c.links.map((l) => `${l.kind} (${num(l.accounts)} accounts)`).join(', ') || 'nothing'} · Capability mix:{' '}
          {c.capabilities.join(', ') || 'unknown'}
        </p>
      </section>
      <section className="card">
        <h2>Accounts and their links</h2>
        <AccountGraph members={data.members} links={data.links} />
        <LinkLegend kinds={[...new Set(data.links.flatMap((l) => l.kinds))]} />
        {data.links_total > data.links.length && <p className="muted">Showing the {num(data.links.length)} strongest of {num(data.links_total)} links.</p>}
      </section>
      <TimelineAndDecisions traffic={data.traffic} decisions={data.decisions} onLifted={reload} onError={setMessage} />
      <section className="card">
        <h2>Members</h2>
        <table>
          <thead>
            <tr><th>Account</th><th>Verdict</th><th>Score</th><th>Exchanges</th><th>Strongest reason</th></tr>
          </thead>
          <tbody>
            {members.slice(0, MEMBER_ROWS).map((m) => (
              <tr key={m.id}>
                <td><a href={hrefOf.account(m.id)}>{m.id}</a></td>
                <td><VerdictBadge verdict={m.verdict} /></td>
                <td>{pct(m.score)}</td>
                <td>{num(m.exchanges)}</td>
                <td className="muted">{m.reasons[0]?.detail ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {members.length > MEMBER_ROWS && <p className="muted">The {MEMBER_ROWS} highest-scoring of {num(members.length)} members.</p>}
      </section>
      <section className="card">
        <h2>Sample prompts</h2>
        <Samples traffic={data.traffic} redacted={redacted} onToggle={() => setRedacted(!redacted)} />
      </section>
    </>
  );
}
