/** The campaigns list: sorted, filtered and paged by the server (fast at 10,000 clusters); j/k and Enter to open. */
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { Empty, Failure, VerdictBadge } from '../components/bits';
import { num, pct, when } from '../format';
import { useData } from '../live';
import { hrefOf } from '../route';
import type { ClusterPage, ClusterRow } from '../types';

const col = createColumnHelper<ClusterRow>();
const columns = [
  col.accessor('id', { header: 'Cluster', cell: (c) => <a href={hrefOf.cluster(c.getValue())}>{c.getValue()}</a> }),
  col.accessor('verdict', { header: 'Verdict', enableSorting: false, cell: (c) => <VerdictBadge verdict={c.getValue()} /> }),
  col.accessor('score', { header: 'Score', cell: (c) => pct(c.getValue()) }),
  col.accessor('accounts', { header: 'Accounts', cell: (c) => num(c.getValue()) }),
  col.accessor('exchanges', { header: 'Exchanges', cell: (c) => num(c.getValue()) }),
  col.accessor('link_kinds', { header: 'Linked by', enableSorting: false, cell: (c) => c.getValue().join(', ') }),
  col.accessor('capabilities', { header: 'Capabilities', enableSorting: false, cell: (c) => c.getValue().slice(0, 3).join(', ') }),
  col.accessor('last_seen', { header: 'Last seen', cell: (c) => when(c.getValue()) }),
];
const PAGE = 50;

export function Campaigns({ version }: { version: number }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'score', desc: true }]);
  const [q, setQ] = useState('');
  const [verdict, setVerdict] = useState('flagged');
  const [page, setPage] = useState(0);
  const [cursor, setCursor] = useState(0);
  const sort = sorting[0] ?? { id: 'score', desc: true };
  const query = new URLSearchParams({ q, verdict, sort: sort.id, dir: sort.desc ? 'desc' : 'asc', page: String(page), size: String(PAGE) });
  const { data, error } = useData(() => api.get<ClusterPage>(`/clusters?${query}`), [query.toString(), version]);
  const rows = data?.rows ?? [];
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    onSortingChange: (s) => (setSorting(s), setPage(0)),
    getCoreRowModel: getCoreRowModel(),
  });
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).tagName === 'INPUT' || (e.target as HTMLElement).tagName === 'SELECT') return;
      if (e.key === 'j') setCursor((c) => Math.min(c + 1, rows.length - 1));
      else if (e.key === 'k') setCursor((c) => Math.max(c - 1, 0));
      else if (e.key === 'Enter' && rows[cursor]) location.hash = hrefOf.cluster(rows[cursor].id);
      else if (e.key === 'n' && page + 1 < pages) setPage(page + 1);
      else if (e.key === 'p' && page > 0) setPage(page - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursor, page, pages]);

  return (
    <>
      <h1>Campaigns</h1>
      <div className="toolbar">
        <input data-search placeholder="Filter by cluster or account id  (/)" value={q} onChange={(e) => (setQ(e.target.value), setPage(0))} aria-label="filter" />
        <select value={verdict} onChange={(e) => (setVerdict(e.target.value), setPage(0))} aria-label="verdict">
          <option value="flagged">flagged (distillation + suspicious)</option>
          <option value="distillation">distillation</option>
          <option value="suspicious">suspicious</option>
          <option value="benign">benign</option>
          <option value="all">all</option>
        </select>
        <span className="muted">{data ? `${num(data.total)} clusters` : ''}</span>
      </div>
      {error && <Failure error={error} />}
      {data && data.total === 0 ? (
        <Empty title="No clusters match">
          {verdict === 'flagged' && !q
            ? 'Detection has not flagged a cluster yet. Clusters appear here a few seconds after linked accounts send traffic; choose "all" to see benign groups.'
            : 'Clear the filter or choose another verdict.'}
        </Empty>
      ) : (
        <table className="clusters">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => (
                  <th key={h.id} aria-sort={h.column.getIsSorted() ? (h.column.getIsSorted() === 'desc' ? 'descending' : 'ascending') : undefined}>
                    {h.column.getCanSort() ? (
                      <button className="link" onClick={h.column.getToggleSortingHandler()}>
                        {flexRender(h.column.columnDef.header, h.getContext())} {{ asc: '▲', desc: '▼' }[h.column.getIsSorted() as string] ?? ''}
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((r, i) => (
              <tr key={r.id} className={i === cursor ? 'cursor' : ''}>
                {r.getVisibleCells().map((c) => (
                  <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button disabled={page === 0} onClick={() => setPage(page - 1)}>← Previous (p)</button>
        <span>page {page + 1} of {num(pages)}</span>
        <button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next (n) →</button>
      </div>
    </>
  );
}
