/**
 * Reads a whole Chat Completions stream into its summary, parsing only the chunks that are not text chunks of a
 * learned shape (text-chunk-template.ts): the record thread's main cost on a stream was a `JSON.parse` per event.
 * The events are found in place in the whole text (sse-text.ts). The summary is the one `ChatStreamSummary` makes of
 * every event parsed.
 */
import { textOnly, type ChatStreamSummary } from './response-summary.js';
import { toEvent } from './sse.js';
import { forEachSseEvent } from './sse-text.js';
import { TextChunkTemplate } from './text-chunk-template.js';

/**
 * Templates learned per stream at most: usually one for the reasoning chunks and one for the answer's (a chunk that
 * differs from the rest, such as a first text written with `role`, may take a third); the bound keeps a stream whose
 * chunks all differ from paying for a learning (a serialisation, a search and a parse) per chunk.
 */
const MAX_TEMPLATES = 3;

/** Feeds the stream's text into `summary` (fresh) and ends it. */
export function readChatStream(summary: ChatStreamSummary, text: string): void {
  const templates: TextChunkTemplate[] = [];
  let learnings = 0;
  forEachSseEvent(text, (event, data) => {
    for (const template of templates) {
      const text = template.textOf(data);
      if (text !== undefined) {
        summary.addText(template.index, template.key, text);
        return;
      }
    }
    const ev = toEvent(event, data);
    summary.add(ev);
    const only = learnings < MAX_TEMPLATES ? textOnly(ev.data) : null;
    // An empty text is usually the stream's opening chunk (with `role`), whose shape no other chunk shares.
    if (only !== null && only.text !== '') {
      learnings++;
      const template = TextChunkTemplate.learn(data, only);
      if (template !== null) templates.push(template);
    }
  });
}
