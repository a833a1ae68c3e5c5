import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILD_STAMP, distIsCurrent, sourcesFingerprint } from './dist-state.js';

/** A package root with two sources and a build stamped from them. */
function builtPackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'dist-state-'));
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  writeFileSync(join(root, 'tsconfig.build.json'), '{}');
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, BUILD_STAMP), JSON.stringify({ sources: sourcesFingerprint(root) }));
  return root;
}

function withPackage(body: (root: string) => void): void {
  const root = builtPackage();
  try {
    body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('the build is used while the sources are as they were built, unless HYDRAWATCH_FROM_SOURCES=1', () => {
  withPackage((root) => {
    assert.equal(distIsCurrent(root, {}), true);
    assert.equal(distIsCurrent(root, { HYDRAWATCH_FROM_SOURCES: '1' }), false);
  });
});

test('an edited, added or removed source file, or an edited build config, makes the build stale', () => {
  const later = new Date(Date.now() + 5000);
  const changes: Record<string, (root: string) => void> = {
    edited: (root) => writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 22;\n'),
    'same size, touched': (root) => utimesSync(join(root, 'src', 'a.ts'), later, later),
    'older time': (root) => utimesSync(join(root, 'src', 'a.ts'), new Date(0), new Date(0)),
    added: (root) => writeFileSync(join(root, 'src', 'cli', 'b.ts'), ''),
    removed: (root) => rmSync(join(root, 'src', 'a.ts')),
    config: (root) => writeFileSync(join(root, 'tsconfig.build.json'), '{"x":1}'),
  };
  for (const [name, change] of Object.entries(changes)) {
    withPackage((root) => {
      change(root);
      assert.equal(distIsCurrent(root, {}), false, name);
    });
  }
});

test('no build, or an unreadable stamp, means the sources', () => {
  withPackage((root) => {
    writeFileSync(join(root, BUILD_STAMP), '{"sour');
    assert.equal(distIsCurrent(root, {}), false);
    rmSync(join(root, 'dist'), { recursive: true });
    assert.equal(distIsCurrent(root, {}), false);
  });
});
