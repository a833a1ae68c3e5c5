/**
 * Denial responses in the API's own error shape (docs/gateway.md), so official SDKs surface them as ordinary
 * API errors: OpenAI `{"error": {"message", "type", "code"}}`, Anthropic `{"type": "error", "error": {"type",
 * "message"}}`. A challenge is a 403 that carries the verification link; a throttle a 429 with Retry-After.
 */

export type ApiFlavor = 'openai' | 'anthropic';

export interface DenialResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function shaped(
  flavor: ApiFlavor,
  status: number,
  type: { openai: string; anthropic: string },
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): DenialResponse {
  const body =
    flavor === 'openai'
      ? { error: { message, type: type.openai, code, param: null, ...extra } }
      : { type: 'error', error: { type: type.anthropic, message, ...extra } };
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

/** 403 asking the customer to verify at `verifyUrl` before using the API again. */
export function challengeResponse(flavor: ApiFlavor, verifyUrl: string, reason?: string): DenialResponse {
  const message = `Additional verification is required for this account. Verify at ${verifyUrl}${reason ? ` (${reason})` : ''}`;
  return shaped(
    flavor,
    403,
    { openai: 'permission_error', anthropic: 'permission_error' },
    'verification_required',
    message,
    { verification_url: verifyUrl },
  );
}

/** 403 for a blocked account or a restricted region. */
export function blockResponse(flavor: ApiFlavor, reason: string, region = false): DenialResponse {
  return shaped(
    flavor,
    403,
    { openai: 'permission_error', anthropic: 'permission_error' },
    region ? 'region_restricted' : 'account_blocked',
    region ? `This API is not available in your region: ${reason}` : `This account is blocked: ${reason}`,
  );
}

/** 429 for a throttled account, with Retry-After in whole seconds. */
export function throttleResponse(flavor: ApiFlavor, retryAfterMs: number): DenialResponse {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return shaped(
    flavor,
    429,
    { openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
    'rate_limit_exceeded',
    `Rate limit exceeded for this account. Retry after ${seconds} s.`,
    {},
    { 'retry-after': String(seconds) },
  );
}
