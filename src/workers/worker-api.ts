// Everything the app's worker answers: one protocol for imagery display and change detection.
import { imageryApi } from './imagery-api.ts';
import { detectSiteChanges } from './site-changes.ts';

export const workerApi = { ...imageryApi, detectSiteChanges };
export type WorkerApi = typeof workerApi;
