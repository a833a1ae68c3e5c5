/**
 * What a simulated client means to send, before it is shaped into an API body: system prompt, turns, tools,
 * images and sampling options, plus the kind of work it asks for (which shapes the simulated response).
 */

export type Kind =
  | 'chat' | 'code' | 'math' | 'writing' | 'classify' | 'extract' | 'translate' | 'summarize' | 'agent' | 'grade'
  | 'rewrite' | 'trace' | 'vision' | 'exam';

export interface ToolDef {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type DraftTurn =
  | { role: 'user'; text: string; images?: string[] }
  | { role: 'assistant'; text: string; toolCall?: { id: string; name: string; args: string } }
  | { role: 'tool'; id: string; text: string };

export interface Draft {
  system?: string;
  turns: DraftTurn[];
  tools?: readonly ToolDef[];
  kind: Kind;
  zh: boolean;
  /** Extended thinking / reasoning effort requested through the API. */
  think?: boolean;
  maxTokens?: number;
  temperature?: number;
  n?: number;
  logprobs?: boolean;
  stream?: boolean;
  /** Median output tokens for this kind of request (the response model draws around it). */
  outTokens?: number;
}
