/** Sentence shuffling: the sentences of each text in a random (seeded) order, as a cheap paraphrase of structure. */
import { seededRandom } from '../../../src/protect/watermark/trigram-student.js';

export function shuffleSentences(text: string, seed: number): string {
  const sentences = text.match(/[^.!?\n]+(?:[.!?]+|$)\s*/g) ?? [text];
  const random = seededRandom(seed);
  for (let i = sentences.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sentences[i], sentences[j]] = [sentences[j]!, sentences[i]!];
  }
  return sentences.map((s) => s.trim()).filter(Boolean).join(' ');
}
