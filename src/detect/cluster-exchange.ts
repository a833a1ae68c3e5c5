/** The part of a whole exchange that the cluster layer reads (`ClusterExchange`), for callers that hold the exchange. */
import type { Exchange } from '../exchange/exchange.js';
import { promptHash } from '../signals/prompt-hash.js';
import { exchangeToolSchema } from '../signals/tool-schema.js';
import type { ClusterExchange } from './cluster-layer.js';

export function clusterExchangeOf(ex: Exchange): ClusterExchange {
  return {
    account: ex.account,
    ts: ex.ts,
    ip: ex.ip,
    user_agent: ex.user_agent,
    client_fp: ex.client_fp,
    model: ex.model,
    promptHash: promptHash(ex.request),
    toolSchema: exchangeToolSchema(ex),
  };
}
