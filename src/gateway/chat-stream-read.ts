/**
 * Reads a whole Chat Completions stream into its summary, parsing only the chunks that are not content chunks of a
 * learned shape (content-chunk-template.ts): the record thread's main cost on a stream was a `JSON.parse` per event.
 * The summary is the one `ChatStreamSummary` makes of every event parsed.
 */
import { ContentChunkTemplate } from './content-chunk-template.js';
import { contentOnly, type ChatStreamSummary } from './response-summary.js';
import { SseReader } from './sse.js';

/**
 * Templates learned per stream at most: a chunk that differs from the others (a first text written with `role`) makes
 * a template the next chunks do not match, and the next one learned serves them; the bound keeps a stream whose
 * chunks all differ from paying for a learning (a serialisation, a search and a parse) per chunk.
 */
const MAX_LEARNINGS = 3;

/** Feeds the stream's text into `summary` (fresh) and ends it. */
export function readChatStream(summary: ChatStreamSummary, text: string): void {
  let template: ContentChunkTemplate | null = null;
  let learnings = 0;
  let lastData = '';
  const reader = new SseReader(
    (ev) => {
      summary.add(ev);
      const only = learnings < MAX_LEARNINGS ? contentOnly(ev.data) : null;
      // An empty text is the stream's opening chunk (with `role`), whose shape the content chunks do not share.
      if (only !== null && only.content !== '') {
        learnings++;
        template = ContentChunkTemplate.learn(lastData, only) ?? template;
      }
    },
    (_event, data) => {
      const content = template?.contentOf(data);
      if (content !== undefined) {
        summary.addContent(template!.index, content);
        return true;
      }
      lastData = data;
      return false;
    },
  );
  reader.feedText(text);
  reader.end();
}
