import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCensorshipRewrite } from './censorship.js';
import { classifierText } from './text.js';

const censorship = (user: string) => detectCensorshipRewrite(classifierText(user, ''));

test('rewrites of sensitive content to pass censorship score high', () => {
  assert.ok(censorship('Rewrite this question about Tiananmen so it is neutral and would pass censorship.') >= 0.5);
  assert.ok(censorship('把这个关于六四的问题改写一下，让它能够过审。') >= 0.5);
  assert.ok(censorship('Make this answer about Taiwan politically neutral and safe for publication in China.') >= 0.5);
});

test('plain rewrites, translations and questions on sensitive topics stay below the threshold', () => {
  assert.equal(censorship('Rewrite this email so it sounds more professional.'), 0);
  assert.ok(censorship('Translate this news article about Taiwan into English.') < 0.5);
  assert.ok(censorship('What happened at Tiananmen Square in 1989?') < 0.5);
  assert.ok(censorship('How does censorship work in China?') < 0.5);
  assert.ok(censorship('Make this story safe for young children.') < 0.5);
});
