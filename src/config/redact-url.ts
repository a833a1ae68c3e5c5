/** URLs as they may be shown in logs and on the terminal: with any password replaced, so start-up output leaks no secret. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = 'REDACTED';
    return parsed.toString();
  } catch {
    return url;
  }
}
