// Everything the imagery worker answers: display tiles, and the images change detection reads.
import { imageryApi } from './imagery-api.ts';
import { readAnalysisImages } from './site-changes.ts';

export const workerApi = { ...imageryApi, readAnalysisImages };
export type WorkerApi = typeof workerApi;
