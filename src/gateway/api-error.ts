/**
 * Error bodies in the API's own shape, so clients and SDKs surface our denials like the provider's own:
 * OpenAI `{"error": {"message", "type", "code"}}` and Anthropic `{"type": "error", "error": {"type", "message"}}`.
 */
export type ApiStyle = 'openai' | 'anthropic';

const OPENAI_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['permission_error', 'forbidden'],
  404: ['invalid_request_error', 'not_found'],
  413: ['invalid_request_error', 'request_too_large'],
  415: ['invalid_request_error', 'unsupported_media_type'],
  429: ['rate_limit_error', 'rate_limit_exceeded'],
  502: ['api_error', 'upstream_unreachable'],
  504: ['api_error', 'upstream_timeout'],
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  502: 'api_error',
  504: 'timeout_error',
};

/** The JSON error body for `status` in the given API's shape. */
export function apiErrorBody(style: ApiStyle, status: number, message: string, code?: string): Record<string, unknown> {
  if (style === 'anthropic') {
    return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? 'api_error', message } };
  }
  const [type, defaultCode] = OPENAI_TYPES[status] ?? ['api_error', null];
  return { error: { message, type, param: null, code: code ?? defaultCode } };
}

/** The same error as one server-sent event, for failures after a stream has started. */
export function apiErrorEvent(style: ApiStyle, status: number, message: string): string {
  const body = JSON.stringify(apiErrorBody(style, status, message));
  return style === 'anthropic' ? `event: error\ndata: ${body}\n\n` : `data: ${body}\n\n`;
}
