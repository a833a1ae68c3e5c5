import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { personalise } from './personalise.js';
import { promptSketchOf } from '../../signals/extract.js';
import { TemplateIndex } from '../../signals/template-index.js';

test('personalise keeps the prompt word for word and adds context or wishes around it', () => {
  const rng = new Rng('personalise');
  for (let i = 0; i < 50; i++) {
    const p = personalise(rng, 'How do vaccines train the immune system?');
    assert.ok(p.includes('How do vaccines train the immune system?'));
    assert.ok(p.length > 'How do vaccines train the immune system?'.length + 10);
  }
});

test('one base question asked by many people becomes many templates, not one', () => {
  const rng = new Rng('personalise-templates');
  const index = new TemplateIndex();
  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) ids.add(index.assign(promptSketchOf(personalise(rng, 'Explain recursion with an example.')), `a${i}`).templateId);
  const plain = new TemplateIndex();
  const once = new Set<string>();
  for (let i = 0; i < 200; i++) once.add(plain.assign(promptSketchOf('Explain recursion with an example.'), `a${i}`).templateId);
  assert.equal(once.size, 1);
  assert.ok(ids.size > 50, `only ${ids.size} templates of 200 personalised prompts`);
});

test('the same seed gives the same prompts', () => {
  const a = new Rng('same');
  const b = new Rng('same');
  for (let i = 0; i < 20; i++) assert.equal(personalise(a, 'x y z'), personalise(b, 'x y z'));
});
