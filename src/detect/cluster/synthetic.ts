/**
 * Small builders of cluster-layer inputs (exchanges with their signals) for tests and the clustering benchmark, so
 * that the cluster layer can be exercised without the signals stage or the simulator.
 */
import type { Exchange } from '../../exchange/exchange.js';
import type { Capability, ExchangeSignals } from '../../signals/types.js';
import { clusterExchangeOf } from '../cluster-exchange.js';
import type { ClusterObservation } from './index.js';

export interface SyntheticExchange {
  account: string;
  t: number;
  ip: string;
  templateId: string;
  prompt?: string;
  model?: string;
  systemTemplateId?: string | null;
  userAgent?: string;
  clientFp?: string;
  cot?: number;
  grading?: number;
  rewrite?: number;
  capability?: Capability;
  answerFormat?: boolean;
  temperature?: number;
  /** the request's `tools` (any API shape) */
  tools?: unknown[];
}

let counter = 0;

export function syntheticSignals(
  s: Pick<SyntheticExchange, 'cot' | 'grading' | 'rewrite' | 'capability' | 'answerFormat' | 'temperature'>,
): ExchangeSignals {
  return {
    cot: s.cot ?? 0,
    traceReconstruction: false,
    thinkingLanguage: false,
    answerFormat: s.answerFormat ?? false,
    grading: s.grading ?? 0,
    censorshipRewrite: s.rewrite ?? 0,
    capability: s.capability ?? 'chat',
    promptSketch: new Uint32Array(0),
    systemSketch: null,
    shape: {
      n: 1,
      logprobs: false,
      maxTokens: null,
      temperature: s.temperature ?? null,
      tools: 0,
      images: 0,
      turns: 1,
      userTurns: 1,
      systemChars: 0,
      promptChars: 100,
      thinking: false,
    },
  };
}

/** One observation as the engine would hand it to `HydraClusterer.observe`. */
export function syntheticObservation(s: SyntheticExchange): ClusterObservation {
  counter++;
  const exchange: Exchange = {
    id: `x${counter}`,
    ts: new Date(s.t).toISOString(),
    account: s.account,
    ip: s.ip,
    model: s.model ?? 'm-1',
    endpoint: 'chat.completions',
    request: {
      messages: [{ role: 'user', content: s.prompt ?? `${s.templateId} item ${counter}` }],
      ...(s.tools !== undefined ? { tools: s.tools } : {}),
    },
    response: { status: 200 },
    ...(s.userAgent !== undefined ? { user_agent: s.userAgent } : {}),
    ...(s.clientFp !== undefined ? { client_fp: s.clientFp } : {}),
  };
  return {
    exchange: clusterExchangeOf(exchange),
    signals: syntheticSignals(s),
    templateId: s.templateId,
    templateAccounts: 0,
    systemTemplateId: s.systemTemplateId ?? null,
  };
}
