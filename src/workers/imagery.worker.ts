// Web Worker entry point: a thin shell over the imagery functions.
import { workerApi } from './worker-api.ts';
import { exposeApi, type Endpoint } from './rpc.ts';

exposeApi(workerApi, self as unknown as Endpoint);
