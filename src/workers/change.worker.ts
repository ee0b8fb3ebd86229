// Web Worker entry point for change detection: a thin shell over the change functions. It runs
// apart from the imagery worker so tiles keep rendering during a run, and so that a run (one long
// synchronous computation) can be cancelled by stopping this worker.
import { changeWorkerApi } from './change-worker-api.ts';
import { exposeApi, type Endpoint } from './rpc.ts';

exposeApi(changeWorkerApi, self as unknown as Endpoint);
