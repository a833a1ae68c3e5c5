/**
 * A web worker that runs the force layout (force-layout.ts) and posts the positions after each batch, so the cluster
 * page stays responsive while a 2,000-account graph settles. Loaded from its own file, as the page's CSP requires
 * (no blob: workers).
 */
import { forceLayoutSteps, type LayoutJob } from './force-layout';

export interface LayoutProgress {
  positions: Float32Array;
  done: boolean;
}

// In a worker `self` is the worker's global scope; the web build's types describe a window.
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LayoutJob>) => void) | null;
  postMessage(message: LayoutProgress, transfer: Transferable[]): void;
};

scope.onmessage = (e) => {
  let last: Float32Array | null = null;
  for (const positions of forceLayoutSteps(e.data)) {
    if (last) scope.postMessage({ positions: last, done: false }, [last.buffer]);
    last = positions;
  }
  scope.postMessage({ positions: last ?? e.data.positions, done: true }, []);
};
