export const num = (n: number) => n.toLocaleString('en-US');
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—');
export const hour = (t: number) => new Date(t).toISOString().slice(5, 13).replace('T', ' ') + 'h';
