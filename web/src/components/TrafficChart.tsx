/** Exchanges per hour split by the verdict their account had then, with model releases and alerts marked. */
import { Area, AreaChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { hour } from '../format';
import type { Overview } from '../types';

const HOUR = 3_600_000;
const bucket = (iso: string) => Math.floor(Date.parse(iso) / HOUR) * HOUR;

export function TrafficChart({ timeline, releases, alerts }: Pick<Overview, 'timeline' | 'releases' | 'alerts'>) {
  // Hours without traffic are left out (a category axis), so a replayed log and live traffic months later both read.
  const hours = new Set(timeline.map((b) => b.t));
  const inRange = (t: number) => hours.has(t);
  return (
    <ResponsiveContainer width="100%" height={260}>
      <AreaChart data={timeline} margin={{ top: 16, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid stroke="var(--grid)" />
        <XAxis dataKey="t" type="category" tickFormatter={hour} stroke="var(--muted)" />
        <YAxis stroke="var(--muted)" />
        <Tooltip labelFormatter={(t) => hour(Number(t))} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }} />
        <Legend />
        <Area type="monotone" dataKey="benign" stackId="v" stroke="#4c9a6a" fill="#4c9a6a" isAnimationActive={false} />
        <Area type="monotone" dataKey="suspicious" stackId="v" stroke="#d5a021" fill="#d5a021" isAnimationActive={false} />
        <Area type="monotone" dataKey="distillation" stackId="v" stroke="#d9534f" fill="#d9534f" isAnimationActive={false} />
        {releases.map((r) => ({ t: bucket(r.released), model: r.model })).filter((r) => inRange(r.t)).map((r) => (
          <ReferenceLine key={`r${r.model}`} x={r.t} stroke="#7aa7ff" strokeDasharray="4 2" label={{ value: r.model, fill: '#7aa7ff', position: 'top' }} />
        ))}
        {alerts.map((a) => bucket(a.ts)).filter(inRange).map((t, i) => (
          <ReferenceLine key={`a${i}`} x={t} stroke="#ff7a59" strokeDasharray="2 2" />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
