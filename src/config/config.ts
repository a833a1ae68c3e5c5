/**
 * Gateway configuration: a YAML file validated with zod, then the `HYDRAWATCH_*` environment variables on top
 * (docs/gateway.md). Every option has a default except the upstream URL, which `serve` requires.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../decide/duration.js';

const MiB = 1024 * 1024;

const url = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const duration = z.string().refine(
  (s) => {
    try {
      return parseDuration(s) > 0;
    } catch {
      return false;
    }
  },
  { message: 'must be a duration such as 90s, 15m, 1h' },
);

export const configSchema = z.strictObject({
  upstream: z
    .strictObject({
      /** OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1 */
      url: url.optional(),
      /** Sent upstream as `Authorization: Bearer` (clients' keys are never forwarded). */
      api_key: z.string().optional(),
      /** Anthropic-compatible base URL for /v1/messages; when absent, Messages are translated to Chat Completions. */
      anthropic_url: url.optional(),
      /** Sent to the Anthropic upstream as `x-api-key`. */
      anthropic_api_key: z.string().optional(),
      /** Longest wait for the upstream's response headers, and longest silence inside its body. */
      timeout_ms: positiveInt.default(600_000),
      connect_timeout_ms: positiveInt.default(10_000),
      /** Most concurrent connections to each upstream. */
      connections: positiveInt.default(256),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: port.default(8080),
      /** Largest accepted request body in bytes (413 above it). */
      body_limit: positiveInt.default(10 * MiB),
      /** Trust X-Forwarded-For from these proxies (true = any, or an address/CIDR list) to get the client IP. */
      trust_proxy: z.union([z.boolean(), z.string(), z.array(z.string())]).default(false),
      /** Deepest JSON nesting accepted in a body (400 above it): nothing recursive ever sees a deeper one. */
      max_body_depth: positiveInt.default(64),
      /** Largest `n` accepted (400 above it); OpenAI's own limit is 128. */
      max_n: positiveInt.default(128),
      /** Largest `max_tokens` / `max_completion_tokens` / `max_output_tokens` accepted (400 above it). */
      max_output_tokens: positiveInt.default(1_000_000),
      /** Longest time a client may take to send its whole request, headers and body (then 408 and closed). */
      request_timeout_ms: positiveInt.default(30_000),
      /** Longest time a client may take to send its request headers. */
      headers_timeout_ms: positiveInt.default(10_000),
      /** Serve `/metrics` and the admin API on this port instead of the public one (and not on the public one). */
      admin_port: port.optional(),
      /** Address of the admin listener (default 127.0.0.1). */
      admin_host: z.string().min(1).default('127.0.0.1'),
    })
    .prefault({}),
  data: z.strictObject({ dir: z.string().min(1).default('./.hydrawatch') }).prefault({}),
  recorder: z
    .strictObject({
      /** Longest time a recorded exchange waits in memory before it is written: the most a hard kill can lose. */
      flush_ms: positiveInt.default(100),
      max_batch: positiveInt.default(500),
      /** Most exchanges waiting in memory; when full, new exchanges are dropped and counted (the gateway keeps serving). */
      max_queue: positiveInt.default(50_000),
    })
    .prefault({}),
  auth: z
    .strictObject({
      /** How long a verified key is trusted without asking the store again (also the delay of a revocation). */
      cache_ttl_ms: positiveInt.default(30_000),
      /** How long an unknown key is remembered as unknown (a new key works after at most this). */
      negative_ttl_ms: positiveInt.default(500),
      /** Longer presented keys are refused without a lookup (real keys are about 60 characters). */
      max_key_length: positiveInt.default(256),
      /** Most entries in the key cache (verified and unknown together); entries hold a hash, not the secret. */
      max_cached_keys: positiveInt.default(10_000),
      /** Requests with unknown keys recorded as `anonymous` exchanges per minute; the rest are only counted. */
      anonymous_records_per_minute: positiveInt.default(600),
    })
    .prefault({}),
  /** Where accounts, keys, decisions, the audit log and the exchange archive live (docs/scale-out.md). */
  store: z
    .strictObject({
      /** `sqlite`: one file in the data directory (one process); `postgres`: shared by every gateway and worker. */
      kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
      /** postgres:// URL, required with kind postgres. */
      postgres_url: z.string().optional(),
      /** Schema holding the tables (created when missing). */
      postgres_schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').default('public'),
    })
    .prefault({})
    .refine((s) => s.kind !== 'postgres' || Boolean(s.postgres_url), {
      message: 'store.kind postgres needs store.postgres_url (HYDRAWATCH_POSTGRES_URL)',
    }),
  /** Shared hot state across gateway replicas: active decisions, rate limits, counters (cluster mode). */
  redis: z
    .strictObject({
      /** redis:// URL; absent: every gateway keeps its own state (one process). */
      url: z.string().optional(),
      /** Redis unreachable: `open` serves with this process's own limits, `closed` refuses requests (503). */
      on_failure: z.enum(['open', 'closed']).default('open'),
      key_prefix: z.string().min(1).default('hw:'),
    })
    .prefault({}),
  /** The durable exchange stream for detection workers (cluster mode). */
  stream: z
    .strictObject({
      /** nats:// URL of a JetStream server; absent: detection runs in the gateway process. */
      nats_url: z.string().optional(),
      /** JetStream stream name. */
      name: z.string().regex(/^[A-Za-z0-9_-]+$/).default('HYDRAWATCH_EXCHANGES'),
      /** Subjects are `<subject_prefix>.<partition>`, the partition a hash of the account. */
      subject_prefix: z.string().min(1).default('hw.exchanges'),
      partitions: positiveInt.max(1024).default(16),
      /** Most bytes kept on disk while NATS is unreachable (older exchanges are kept; newer are dropped and counted). */
      spool_max_bytes: positiveInt.default(256 * MiB),
    })
    .prefault({}),
  log: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .prefault({}),
  privacy: z
    .strictObject({
      /** full: record prompts and answers; signals: only signals and fingerprints, full text for flagged accounts. */
      mode: z.enum(['full', 'signals']).default('full'),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /** Days a recorded exchange is kept at all; absent: forever. */
      exchanges_days: z.coerce.number().positive().optional(),
      /** Days an exchange keeps its text, then only its signals and fingerprints; absent: as long as the exchange. */
      full_text_days: z.coerce.number().positive().optional(),
      /** How often the purge runs (also once at start). */
      purge_interval_ms: positiveInt.default(3_600_000),
    })
    .prefault({}),
  /** Where campaign, alert and decision events go (docs/intel.md#alerts). */
  alerts: z
    .strictObject({
      /** Generic JSON webhook; each delivery is signed with `webhook_secret` (X-Hydrawatch-Signature). */
      webhook_url: url.optional(),
      webhook_secret: z.string().min(16, 'must be at least 16 characters').optional(),
      /** Slack-compatible incoming webhook. */
      slack_url: url.optional(),
      /** JSON-lines file for a SIEM's collector. */
      file: z.string().min(1).optional(),
    })
    .prefault({}),
  /** The TAXII 2.1 server and the peers polled (docs/taxii.md); the server is on only with a credential. */
  taxii: z
    .strictObject({
      /** Bearer token peers present (Authorization: Bearer ...). */
      token: z.string().min(16, 'must be at least 16 characters').optional(),
      /** HTTP Basic credential, for TAXII clients that only do Basic. */
      username: z.string().min(1).optional(),
      password: z.string().min(16, 'must be at least 16 characters').optional(),
      /** The organisation named as the producer of the shared objects. */
      producer: z.string().min(1).default('Hydrawatch deployment'),
      /** TLP 2.0 marking of the shared objects; TLP:RED is never shared. */
      tlp: z.enum(['clear', 'green', 'amber', 'amber+strict']).default('amber'),
      valid_days: z.coerce.number().positive().default(30),
      /** How often the indicators collection is refreshed from detection. */
      publish_every: duration.default('5m'),
      /** Largest POST body accepted. */
      max_content_length: positiveInt.default(10 * MiB),
      /** Peers' collections polled on a schedule; their indicators join the watchlist. */
      peers: z
        .array(
          z.strictObject({
            /** The peer's API root, e.g. https://taxii.peer.example/taxii2/hydrawatch/ */
            url,
            collection: z.string().min(1),
            token: z.string().optional(),
            username: z.string().optional(),
            password: z.string().optional(),
            every: duration.default('15m'),
          }),
        )
        .default([]),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variables and the option each one overrides. */
export const ENV_OPTIONS: Record<string, string[]> = {
  HYDRAWATCH_UPSTREAM_URL: ['upstream', 'url'],
  HYDRAWATCH_UPSTREAM_API_KEY: ['upstream', 'api_key'],
  HYDRAWATCH_ANTHROPIC_UPSTREAM_URL: ['upstream', 'anthropic_url'],
  HYDRAWATCH_ANTHROPIC_API_KEY: ['upstream', 'anthropic_api_key'],
  HYDRAWATCH_UPSTREAM_TIMEOUT_MS: ['upstream', 'timeout_ms'],
  HYDRAWATCH_UPSTREAM_CONNECTIONS: ['upstream', 'connections'],
  HYDRAWATCH_HOST: ['server', 'host'],
  HYDRAWATCH_PORT: ['server', 'port'],
  HYDRAWATCH_BODY_LIMIT: ['server', 'body_limit'],
  HYDRAWATCH_TRUST_PROXY: ['server', 'trust_proxy'],
  HYDRAWATCH_DATA: ['data', 'dir'],
  HYDRAWATCH_FLUSH_MS: ['recorder', 'flush_ms'],
  HYDRAWATCH_RECORDER_MAX_QUEUE: ['recorder', 'max_queue'],
  HYDRAWATCH_REQUEST_TIMEOUT_MS: ['server', 'request_timeout_ms'],
  HYDRAWATCH_ADMIN_PORT: ['server', 'admin_port'],
  HYDRAWATCH_ADMIN_HOST: ['server', 'admin_host'],
  HYDRAWATCH_LOG_LEVEL: ['log', 'level'],
  HYDRAWATCH_PRIVACY_MODE: ['privacy', 'mode'],
  HYDRAWATCH_RETENTION_EXCHANGES_DAYS: ['retention', 'exchanges_days'],
  HYDRAWATCH_RETENTION_FULL_TEXT_DAYS: ['retention', 'full_text_days'],
  HYDRAWATCH_ALERT_WEBHOOK_URL: ['alerts', 'webhook_url'],
  HYDRAWATCH_ALERT_WEBHOOK_SECRET: ['alerts', 'webhook_secret'],
  HYDRAWATCH_ALERT_SLACK_URL: ['alerts', 'slack_url'],
  HYDRAWATCH_ALERT_FILE: ['alerts', 'file'],
  HYDRAWATCH_TAXII_TOKEN: ['taxii', 'token'],
  HYDRAWATCH_TAXII_USER: ['taxii', 'username'],
  HYDRAWATCH_TAXII_PASSWORD: ['taxii', 'password'],
  HYDRAWATCH_STORE: ['store', 'kind'],
  HYDRAWATCH_POSTGRES_URL: ['store', 'postgres_url'],
  HYDRAWATCH_POSTGRES_SCHEMA: ['store', 'postgres_schema'],
  HYDRAWATCH_REDIS_URL: ['redis', 'url'],
  HYDRAWATCH_REDIS_ON_FAILURE: ['redis', 'on_failure'],
  HYDRAWATCH_NATS_URL: ['stream', 'nats_url'],
};

export class ConfigError extends Error {}

function envValue(name: string, raw: string): unknown {
  if (name === 'HYDRAWATCH_TRUST_PROXY') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return raw.includes(',') ? raw.split(',').map((s) => s.trim()) : raw;
  }
  return raw;
}

/** Where the error is, e.g. "upstream.url (HYDRAWATCH_UPSTREAM_URL): must be an http:// or https:// URL". */
function describeIssues(error: z.ZodError, source: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      const env = Object.entries(ENV_OPTIONS).find(([, p]) => p.join('.') === path)?.[0];
      return `${path || 'config'}${env ? ` (${env})` : ''}: ${issue.message}`;
    })
    .join('; ')
    .replace(/^/, `invalid configuration${source}: `);
}

/** Validates a parsed config object merged with the environment. */
export function resolveConfig(input: unknown, env: NodeJS.ProcessEnv = process.env, source = ''): Config {
  if (input !== null && input !== undefined && (typeof input !== 'object' || Array.isArray(input))) {
    throw new ConfigError(`invalid configuration${source}: expected a mapping of options`);
  }
  const merged = structuredClone((input ?? {}) as Record<string, Record<string, unknown>>);
  for (const [name, [section, key]] of Object.entries(ENV_OPTIONS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const target = (merged[section!] ??= {});
    if (typeof target !== 'object' || target === null) continue;
    target[key!] = envValue(name, raw);
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, source));
  return parsed.data;
}

/** Reads the YAML file (if any) and applies the environment. */
export function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env): Config {
  if (file === undefined) return resolveConfig({}, env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return resolveConfig(value, env, ` in ${file}`);
}
