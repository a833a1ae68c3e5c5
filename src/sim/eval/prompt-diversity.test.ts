import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDiversity, DiversityCounter, logDiversity } from './prompt-diversity.js';
import { embeddedCorpus } from '../text/corpus.js';

test('repeated and near-duplicate prompts count once as templates, distinct texts as prompts', () => {
  const c = new DiversityCounter();
  c.add('Translate this sentence into French: "the cat sleeps on the warm mat"', 'a');
  c.add('Translate this sentence into French: "my brother works at the harbour"', 'b');
  c.add('Translate this sentence into French: "the cat sleeps on the warm mat"', 'c');
  c.add('Write a haiku about autumn leaves falling in a quiet park', 'd');
  assert.deepEqual(c.result, { prompts: 4, distinct: 3, templates: 2 });
});

test('prompt sets and simulator logs are measured the same way', async () => {
  const corpus = { ...embeddedCorpus(), chat: ['Explain photosynthesis to a child', 'Explain photosynthesis to a child'], math: ['What is 7 times 8?'] };
  assert.deepEqual(corpusDiversity(corpus), { prompts: 3, distinct: 2, templates: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'hw-diversity-'));
  try {
    const line = (account: string, text: string) =>
      JSON.stringify({ account, endpoint: 'chat.completions', request: { model: 'm', messages: [{ role: 'user', content: text }] } });
    writeFileSync(join(dir, 'exchanges.jsonl'), [line('a', 'Explain photosynthesis to a child'), line('b', 'What is 7 times 8?'), ''].join('\n'));
    const d = await logDiversity(join(dir, 'exchanges.jsonl'), new Set(['a']));
    assert.deepEqual(d.all, { prompts: 2, distinct: 2, templates: 2 });
    assert.deepEqual(d.selected, { prompts: 1, distinct: 1, templates: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
