/**
 * Real prose for the watermark experiments, read from the public prompt sets found through `HYDRAWATCH_CORPORA`
 * (benchmarks and tests only; the product never needs them): the awesome-chatgpt-prompts texts, self-instruct seed
 * answers and GSM8K solutions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCorporaDir } from '../../src/sim/corpora-path.js';
import { parseCsv } from '../../src/sim/text/corpus.js';

/** Documents of English prose, in a fixed order. */
export function loadProseDocuments(): string[] {
  const dir = requireCorporaDir();
  const docs: string[] = [];
  const prompts = parseCsv(readFileSync(join(dir, 'awesome_chatgpt_prompts.csv'), 'utf8'));
  const col = prompts[0]!.indexOf('prompt');
  for (const row of prompts.slice(1)) if (row[col] && row[col].length > 80) docs.push(row[col]);
  for (const line of readFileSync(join(dir, 'self_instruct_seed_tasks.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const task = JSON.parse(line) as { instances: { output: string }[] };
    for (const inst of task.instances) if (inst.output.length > 80) docs.push(inst.output);
  }
  for (const line of readFileSync(join(dir, 'gsm8k_test.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { question, answer } = JSON.parse(line) as { question: string; answer: string };
    docs.push(`${question}\n${answer.replace(/<<[^>]*>>/g, '').replace(/\n####.*$/s, '')}`);
  }
  return docs;
}
