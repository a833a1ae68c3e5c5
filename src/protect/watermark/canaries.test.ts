import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canaryNames, findNames, writeCanaries } from './canaries.js';
import { namesInTexts, poissonUpperTail, scoreCanaries } from './canary-test.js';
import { fisherCombined, zOfP } from './combine.js';
import { watermarkText } from './embed.js';
import { deriveAccountKey } from './keys.js';
import { namePool } from './name-pool.js';
import { seededRandom } from './trigram-student.js';
import { verifyWatermark } from './verify.js';

const key = (account: string) => deriveAccountKey('canary-test-secret', account);
const found = (text: string) => [...new Set(findNames(text).map((s) => text.slice(s.start, s.end)))];

test('finds the people of a worked example and leaves other capitalised words alone', () => {
  assert.deepEqual(found("Janet's ducks lay 16 eggs. She gives Robert 3 and Robert sells them."), ['Janet', 'Robert']);
  // Part of a longer proper noun, a place, a weekday, an assistant, a word opening a sentence, code.
  assert.deepEqual(found('Grace Hopper wrote it. We flew to Georgia and Georgia loved it.'), []);
  assert.deepEqual(found('On Tuesday Claude says hi. Will you come? Mark my words. `Janet buys`'), []);
  assert.deepEqual(found("Follow Miller's Law. Car won't start. Chelsea boots. Any requests go here."), []);
  // A name that is also a word counts with a verb of action or a possessive.
  assert.deepEqual(found('Mark buys 4 pens. Then Mark sells 2.'), ['Mark']);
});

test('renames the people, consistently, without merging two people', () => {
  const text = "Janet has 5 apples and gives Robert 2. Robert eats one. Janet's total: 3. Alice buys 4, Brenda buys 6.";
  const all = writeCanaries(text, key('a'));
  assert.equal(writeCanaries(text, key('a')), all, 'deterministic');
  assert.equal(writeCanaries('Nobody is named here. Will you come?', key('a')), 'Nobody is named here. Will you come?');
  const people = found(all);
  assert.equal(people.length, 4, all);
  assert.equal(new Set(people).size, 4, 'no two people merged');
  const female = new Set(canaryNames(key('a'), 'female'));
  const male = new Set(canaryNames(key('a'), 'male'));
  for (const name of people) assert.ok(female.has(name) || male.has(name), `${name} is not one of the account's names`);
  assert.equal(all.replace(/[A-Z][a-z]+/g, 'N'), text.replace(/[A-Z][a-z]+/g, 'N'), 'only names change');
  assert.notEqual(writeCanaries(text, key('b')), all, 'another account, other names');
  // The gateway's watermarkText writes them by default.
  assert.notEqual(watermarkText(text, key('a')), watermarkText(text, key('a'), { canaries: false }));
});

test('the canary test is calibrated on texts full of names and finds the account that wrote them', () => {
  const { writable } = namePool();
  const random = seededRandom(7);
  const pickName = () => (random() < 0.5 ? writable.female : writable.male)[Math.floor(random() * 4000)]!;
  const clean = Array.from({ length: 300 }, () => `${pickName()} buys ${1 + Math.floor(random() * 9)} pens.`);
  const names = namesInTexts(clean);
  assert.ok(names.names.size > 200 && names.expected > 0.4, `${names.names.size} names, lambda ${names.expected}`);
  const ps = Array.from({ length: 2000 }, (_, i) => scoreCanaries(names, key(`null${i}`)).p);
  assert.ok(ps.filter((p) => p < 0.05).length <= 0.05 * ps.length, `${ps.filter((p) => p < 0.05).length} of 2000 below 0.05`);
  assert.ok(ps.filter((p) => p < 0.01).length <= 0.01 * ps.length + 5);
  // A student that learned a few of account a's names among the others.
  const mine = canaryNames(key('a'), 'female').map((n) => `${n} sells 2 cups.`);
  const verdict = verifyWatermark([...clean, ...mine], ['a', 'b', 'c'].map((account) => ({ account, key: key(account) })), { channels: { lexical: false, marks: false } });
  assert.equal(verdict.account, 'a');
  assert.ok(verdict.p < 1e-5, `p ${verdict.p}`);
  assert.ok(verdict.candidates.filter((c) => c.account !== 'a').every((c) => c.p > 0.01));
});

test('Poisson tail, Fisher combination and z of p agree with known values', () => {
  assert.ok(Math.abs(poissonUpperTail(3, 1) - (1 - Math.exp(-1) * 2.5)) < 1e-12);
  assert.ok(Math.abs(poissonUpperTail(10, 1) - 1.1142547833872e-7) < 1e-15);
  assert.equal(poissonUpperTail(0, 5), 1);
  // X = -2 ln(0.05^2) = 11.98, chi-squared with 4 degrees of freedom.
  assert.ok(Math.abs(fisherCombined([0.05, 0.05]) - 0.0175) < 2e-4);
  assert.equal(fisherCombined([0.3]), 0.3);
  assert.ok(Math.abs(zOfP(0.025) - 1.96) < 1e-3);
});
