import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLog } from '../detect/scan.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { clusterExchangeOf } from '../detect/cluster-exchange.js';
import { lookupAsn } from '../signals/asn.js';
import { extractSignals } from '../signals/extract.js';
import { TemplateIndex } from '../signals/template-index.js';
import { loadScenario } from '../sim/scenario.js';
import { simulate } from '../sim/simulate.js';
import { readLines } from './lines.js';
import { parsedRecords, signaledRecords, type ScanRecord } from './signaled-lines.js';

const tmp = mkdtempSync(join(tmpdir(), 'hw-signaled-'));
const log = join(tmp, 'log.jsonl');
after(() => rmSync(tmp, { recursive: true, force: true }));

before(() => {
  simulate(loadScenario('smoke'), { out: join(tmp, 'sim') });
  const lines = readFileSync(join(tmp, 'sim', 'exchanges.jsonl'), 'utf8').split('\n').filter((l) => l);
  // Bad, blank and CRLF-terminated lines among the exchanges.
  lines.splice(5, 0, 'not json', '', '   ', JSON.stringify({ id: 'x', ts: 'yesterday' }));
  writeFileSync(log, lines.slice(0, 1500).join('\n') + '\r\n' + lines.slice(1500).join('\n') + '\n');
  appendFileSync(log, '{"truncated": ');
});

async function collect(batches: AsyncIterable<ScanRecord[]>): Promise<ScanRecord[]> {
  const out: ScanRecord[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

test('worker records are the records parsed here, with the signals extracted here', async () => {
  const expected = await collect(parsedRecords(readLines(log)));
  assert.ok(expected.filter((r) => r.kind === 'bad').length === 3);
  for (const records of ['whole', 'facts'] as const) {
    const got = await collect(signaledRecords(log, { records }));
    assert.equal(got.length, expected.length);
    for (let i = 0; i < got.length; i++) {
      const g = got[i]!;
      const e = expected[i]!;
      assert.equal(g.line, e.line);
      assert.equal(g.chars, e.chars);
      if (e.kind === 'bad') {
        assert.deepEqual(g, e);
        continue;
      }
      assert.ok(e.kind === 'whole' && g.kind === records);
      assert.equal(g.t, e.t);
      const ex = e.exchange;
      if (g.kind === 'whole') assert.deepEqual(g.exchange, ex);
      else {
        const { id, ts, account, ip, user_agent } = ex;
        const { input_tokens, output_tokens } = ex.response;
        assert.deepEqual(g.exchange, { id, ts, account, ip, user_agent, response: { input_tokens, output_tokens } });
      }
      assert.deepEqual(g.signals, extractSignals(ex, normalizeExchange(ex)));
    }
  }
});

test("with the cluster layer's facts, records carry them and the templates an engine's own indexes would assign", async () => {
  const expected = await collect(parsedRecords(readLines(log)));
  const got = await collect(signaledRecords(log, { records: 'cluster' }));
  const prompts = new TemplateIndex();
  const systems = new TemplateIndex();
  let systemTemplates = 0;
  let toolSchemas = 0;
  assert.equal(got.length, expected.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const e = expected[i]!;
    assert.equal(g.line, e.line);
    if (e.kind === 'bad') {
      assert.deepEqual(g, e);
      continue;
    }
    assert.ok(e.kind === 'whole' && g.kind === 'cluster');
    const ex = e.exchange;
    const signals = extractSignals(ex, normalizeExchange(ex));
    // The templates are assigned from the sketches, which the records then leave out.
    assert.deepEqual(g.signals, { ...signals, promptSketch: new Uint32Array(0), systemSketch: null });
    const { id, ts, account, ip, user_agent } = ex;
    const { input_tokens, output_tokens } = ex.response;
    assert.deepEqual(g.exchange, {
      ...clusterExchangeOf(ex),
      id,
      ts,
      account,
      ip,
      user_agent,
      asn: lookupAsn(ip)?.asn ?? 0,
      response: { input_tokens, output_tokens },
    });
    const prompt = prompts.assign(signals.promptSketch, account);
    const system = signals.systemSketch ? systems.assign(signals.systemSketch, account).templateId : null;
    assert.deepEqual(g.templates, { prompt: { templateId: prompt.templateId, accounts: prompt.accounts }, systemTemplateId: system });
    if (system !== null) systemTemplates++;
    if (g.exchange.toolSchema !== null) toolSchemas++;
  }
  assert.ok(systemTemplates > 0 && toolSchemas > 0, 'the log exercises system prompts and tools');
});

test('a scan gives the same report with and without workers', async () => {
  const accounts = join(tmp, 'sim', 'accounts.jsonl');
  for (const clusters of [false, true]) {
    const a = await scanLog({ log, accounts, clusters, worker: false });
    const b = await scanLog({ log, accounts, clusters, worker: true });
    assert.deepEqual({ ...b, generated_at: '' }, { ...a, generated_at: '' });
  }
});

test('a log the worker cannot read fails the records with its error, and a consumer may stop early', async () => {
  await assert.rejects(collect(signaledRecords(join(tmp, 'missing.jsonl'), { records: 'cluster' })), /ENOENT/);
  let early: number | null = null;
  for await (const batch of signaledRecords(log, { records: 'cluster', onWorkerCpu: (s) => (early = s) })) {
    assert.ok(batch.length > 0);
    break;
  }
  assert.ok(Number.isNaN(early), 'a consumer that stops early is told the worker CPU is unknown');
});

test("the worker's CPU seconds are told once the records end", { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  let cpu: number | null = null;
  await collect(signaledRecords(log, { records: 'cluster', onWorkerCpu: (s) => (cpu = s) }));
  assert.ok(cpu !== null && Number.isFinite(cpu) && cpu >= 0, `worker CPU ${cpu}`);
});
