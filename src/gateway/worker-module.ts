/**
 * Starts a worker thread from a module beside the caller, whether the gateway runs from its compiled JavaScript or
 * from the TypeScript sources under tsx (then tsx's loader is registered in the thread before the module loads).
 *
 *   const worker = startWorkerModule(import.meta.url, './token-count-worker', { workerData });
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorkerModule(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const script = new URL(`${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return new Worker(script, options);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
