// Web Worker entry point: a thin shell over the imagery functions.
import { imageryApi } from './imagery-api.ts';
import { exposeApi, type Endpoint } from './rpc.ts';

exposeApi(imageryApi, self as unknown as Endpoint);
