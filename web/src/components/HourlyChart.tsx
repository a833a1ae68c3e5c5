import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { hour } from '../format';
import type { Traffic } from '../types';

/** Exchanges per hour of some accounts (a cluster's or one account's timeline). */
export function HourlyChart({ traffic }: { traffic: Traffic }) {
  if (traffic.hourly.length === 0) return <p className="muted">No recorded exchanges in the archive for these accounts yet.</p>;
  return (
    <>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={traffic.hourly} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis dataKey="t" tickFormatter={hour} stroke="var(--muted)" />
          <YAxis stroke="var(--muted)" />
          <Tooltip labelFormatter={(t) => hour(Number(t))} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} />
          <Bar dataKey="exchanges" fill="#d9534f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      {traffic.partial && <p className="muted">From the first {traffic.scanned.toLocaleString('en-US')} exchanges recorded since first seen.</p>}
    </>
  );
}

export function Samples({ traffic, redacted, onToggle }: { traffic: Traffic; redacted: boolean; onToggle: () => void }) {
  return (
    <>
      <label className="toggle">
        <input type="checkbox" checked={redacted} onChange={onToggle} /> Redact e-mail addresses, URLs and numbers
      </label>
      {traffic.samples.length === 0 ? (
        <p className="muted">No prompts recorded for these accounts (privacy mode `signals` keeps text only for flagged accounts).</p>
      ) : (
        <ol className="samples">
          {traffic.samples.map((s, i) => (
            <li key={i}>
              <div className="muted">
                {s.account} · {s.model} · {s.ts} · HTTP {s.status}
              </div>
              <pre>{s.prompt}</pre>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
