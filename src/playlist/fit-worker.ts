/**
 * The fit worker (`fit-runner.ts` starts it): fits of big pools run here so a 20,000-track fit never
 * holds the server's event loop. Each pool version arrives once and is prepared here, off the main
 * thread; a fit then carries only its trip and options.
 */
import { parentPort } from 'node:worker_threads';
import { fitTrip, type PreparedPool, preparePool, refitTrip } from '../fit/index.js';
import type { WorkerReply, WorkerRequest } from './fit-runner.js';

const port = parentPort;
if (!port) throw new Error('fit-worker.ts runs only as a worker thread');

const pools = new Map<number, PreparedPool>();

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'pool') {
    pools.set(message.version, preparePool(message.tracks));
    return;
  }
  if (message.type === 'drop') {
    pools.delete(message.version);
    return;
  }
  let reply: WorkerReply;
  try {
    const pool = pools.get(message.version);
    if (!pool) throw new Error(`pool version ${message.version} was never sent`);
    const { call } = message;
    const playlist =
      call.kind === 'fit'
        ? fitTrip(call.trip, pool, call.options)
        : refitTrip(call.trip, call.previous, call.playedSeconds, pool, call.options);
    reply = { id: message.id, ok: true, playlist };
  } catch (err) {
    // The caller re-runs the fit inline, which throws the very same error with its type and code.
    reply = {
      id: message.id,
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      expected: err instanceof RangeError || typeof (err as { code?: unknown }).code === 'string',
    };
  }
  port.postMessage(reply);
});
