/** The one chat request both gateway benchmarks send (run.ts, side-by-side.ts), streamed or not. */
export const benchRequestBody = (stream: boolean): string =>
  JSON.stringify({
    model: 'bench',
    stream,
    max_tokens: 256,
    temperature: 0.7,
    messages: [
      { role: 'system', content: 'You are a helpful assistant that answers briefly and precisely.' },
      { role: 'user', content: 'Explain in two sentences why the sky is blue, and mention Rayleigh scattering.' },
    ],
  });
