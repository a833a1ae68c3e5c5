import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDefaultPolicy, parsePolicyYaml, policySafetyProblems, PolicyError } from './policy.js';

test('the shipped default policy loads and is safe to turn on', () => {
  const policy = loadDefaultPolicy();
  assert.equal(policy.version, 1);
  assert.ok(policy.rules.length >= 3);
  assert.deepEqual(policySafetyProblems(policy), []);
});

test('errors name the bad path', () => {
  const bad = `version: 1
rules:
  - name: r1
    action: block
    reason: x
    when: { verdict: [distillation], min_score: 1.5 }
  - name: r2
    action: explode
    reason: y
`;
  assert.throws(() => parsePolicyYaml(bad, 'p.yaml'), (err: Error) => {
    assert.ok(err instanceof PolicyError);
    assert.match(err.message, /^p\.yaml is invalid: /);
    assert.match(err.message, /rules\[0\]\.when\.min_score/);
    assert.match(err.message, /rules\[1\]\.action/);
    return true;
  });
});

test('rejects unknown keys, a wrong version, bad countries, bad TTLs, duplicate names and broken YAML', () => {
  assert.throws(() => parsePolicyYaml('version: 2\n'), /version/);
  assert.throws(() => parsePolicyYaml('version: 1\nrulez: []\n'), /rulez|Unrecognized/);
  assert.throws(
    () => parsePolicyYaml('version: 1\nregions:\n  - {name: x, request_countries: [germany], action: block, reason: r}\n'),
    /regions\[0\]\.request_countries\[0\]/,
  );
  assert.throws(() => parsePolicyYaml('version: 1\nrules:\n  - {name: a, action: block, reason: r, ttl: soon}\n'), /rules\[0\]\.ttl/);
  assert.throws(
    () => parsePolicyYaml('version: 1\nrules:\n  - {name: a, action: monitor, reason: r}\n  - {name: a, action: block, reason: r}\n'),
    /duplicate "a"/,
  );
  assert.throws(() => parsePolicyYaml('version: 1\nrules: [\n'), /not valid YAML/);
});

test('safety check flags deny rules that can fire without a distillation verdict', () => {
  const policy = parsePolicyYaml(`version: 1
rules:
  - {name: harsh, action: block, reason: r, when: {verdict: [suspicious]}}
  - {name: blanket, action: challenge, reason: r}
  - {name: shadow-ok, action: block, mode: shadow, reason: r, when: {verdict: [suspicious]}}
`);
  const problems = policySafetyProblems(policy);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /harsh/);
  assert.match(problems[1]!, /blanket/);
});
