/**
 * Answer-format instructions: the request fixes the form of the answer so that a harness can score it automatically
 * ("Answer with the letter", "respond with only the number", "give the final answer after ####", "The answer is X").
 * This is what evaluation and batch scoring send; a harvester wants the full answer and its reasoning, not a letter.
 */
import { matchesEither as importedMatchesEither, type ClassifierText } from './text.js';

// Imported functions bound locally (see grading.ts: a getter call per use otherwise).
const matchesEither = importedMatchesEither;

const FORMAT = new RegExp(
  [
    // "Answer with the letter", "respond with only the number", "reply with just A, B, C or D"
    String.raw`\b(?:answer|respond|reply|output|return)\s+(?:with\s+)?(?:only|just|solely)?\s*(?:with\s+)?(?:the|a|one|a single)?\s*(?:single\s+)?(?:letter|number|digit|integer|option|choice|word|label|yes or no|true or false)\b`,
    String.raw`\b(?:answer|respond|reply|output)\s+(?:with\s+)?(?:only|just)\b`,
    String.raw`\bonly (?:output|return|give|write|print) (?:the|a|one)\s+(?:final\s+)?(?:answer|letter|number|option|label)\b`,
    // "final answer after ####", 'then "The answer is X"', "put your final answer in \boxed{}"
    String.raw`####`,
    // a prompt that ends on "Answer:" for the model to complete (the common multiple-choice harness format)
    String.raw`(?:^|\n)\s*answer:\s*$`,
    String.raw`the answer is \(?x\)?`,
    String.raw`final answer (?:in|within|inside) \\?boxed`,
    String.raw`\\boxed\{`,
    String.raw`(?:final answer|answer) (?:on|in) the (?:last|final) line`,
    String.raw`\b(?:choose|select|pick) (?:one of |the correct |the best )?(?:option|answer|choice)?s?\s*(?:\(?a\)?|from)\s*[,/]?\s*\(?b\)?`,
    String.raw`\bformat:\s*"?answer:`,
    // Chinese: 只回答选项字母 / 只输出数字 / 最终答案
    String.raw`只(?:回答|输出|给出|返回)(?:选项|字母|数字|答案)|请直接(?:给出|输出)(?:答案|选项)`,
  ].join('|'),
);

/** Whether the request fixes the form of the answer for automatic scoring. */
export function detectAnswerFormat(t: ClassifierText): boolean {
  return matchesEither(t, FORMAT);
}
