// A typed request/response protocol over postMessage. A worker exposes a plain object of functions
// (placemark's "lib" pattern); the caller gets typed `call`s with progress, cancellation and
// transferable results, and errors come back as messages with the original reason. The same code
// runs over a MessageChannel in tests, so the real worker functions are exercised without a Worker.

export interface CallContext {
  readonly signal: AbortSignal;
  progress(stage: string, fraction: number, detail?: ProgressDetail): void;
}

/** Extra figures a long task reports with its progress, e.g. bytes fetched. */
export type ProgressDetail = Readonly<Record<string, number | string>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiFunction = (args: any, context: CallContext) => unknown;
export type Api = Record<string, ApiFunction>;

export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener?(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** Marks a result whose buffers move to the caller instead of being copied. */
export interface Transferring<T> {
  readonly __transfer: true;
  readonly value: T;
  readonly transfer: Transferable[];
}
export function transfer<T>(value: T, buffers: Transferable[]): Transferring<T> {
  return { __transfer: true, value, transfer: buffers };
}
type Unwrapped<R> = R extends Transferring<infer T> ? T : R;

/** The message shapes of the protocol. */
export type Request =
  { kind: 'call'; id: number; method: string; args: unknown } | { kind: 'cancel'; id: number };
export type Response =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'progress'; id: number; stage: string; fraction: number; detail?: ProgressDetail };

export interface SerializedError {
  name: string;
  message: string;
  /** Extra fields of typed errors (e.g. the file name and the user-facing reason). */
  details?: Record<string, unknown>;
}

export class RemoteError extends Error {
  readonly details: Record<string, unknown>;
  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
    this.details = serialized.details ?? {};
  }
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const details: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
        details[key] = value;
      }
    }
    return { name: error.name, message: error.message, details };
  }
  return { name: 'Error', message: String(error) };
}

/** Worker side: answers requests with the functions of `api`. */
export function exposeApi(api: Api, endpoint: Endpoint): void {
  const running = new Map<number, AbortController>();
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const request = event.data as Request;
    if (request.kind === 'cancel') {
      running.get(request.id)?.abort(new Error('Cancelled'));
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    const context: CallContext = {
      signal: controller.signal,
      progress: (stage, fraction, detail) =>
        endpoint.postMessage({ kind: 'progress', id: request.id, stage, fraction, detail }),
    };
    const fn = api[request.method];
    Promise.resolve()
      .then(() => {
        if (!fn) throw new Error(`Unknown method ${request.method}`);
        return fn(request.args, context);
      })
      .then(
        (result) => {
          if (result && typeof result === 'object' && '__transfer' in result) {
            const t = result as Transferring<unknown>;
            endpoint.postMessage({ kind: 'result', id: request.id, value: t.value }, t.transfer);
          } else {
            endpoint.postMessage({ kind: 'result', id: request.id, value: result });
          }
        },
        (error: unknown) =>
          endpoint.postMessage({ kind: 'error', id: request.id, error: serializeError(error) }),
      )
      .finally(() => running.delete(request.id));
  });
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: string, fraction: number, detail?: ProgressDetail) => void;
  readonly transfer?: Transferable[];
}

export interface Remote<A extends Api> {
  call<M extends keyof A & string>(
    method: M,
    args: Parameters<A[M]>[0],
    options?: CallOptions,
  ): Promise<Unwrapped<Awaited<ReturnType<A[M]>>>>;
}

/** Caller side: a typed proxy for the functions exposed at the other end of `endpoint`. */
export function connectApi<A extends Api>(endpoint: Endpoint): Remote<A> {
  let nextId = 1;
  const pending = new Map<
    number,
    {
      resolve(value: unknown): void;
      reject(error: unknown): void;
      onProgress?: (stage: string, fraction: number, detail?: ProgressDetail) => void;
    }
  >();
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const response = event.data as Response;
    const entry = pending.get(response.id);
    if (!entry) return;
    if (response.kind === 'progress') {
      entry.onProgress?.(response.stage, response.fraction, response.detail);
      return;
    }
    pending.delete(response.id);
    if (response.kind === 'result') entry.resolve(response.value);
    else entry.reject(new RemoteError(response.error));
  });
  return {
    call(method, args, options = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const { signal } = options;
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        pending.set(id, {
          resolve: resolve as (value: unknown) => void,
          reject,
          onProgress: options.onProgress,
        });
        signal?.addEventListener('abort', () => {
          if (!pending.has(id)) return;
          pending.delete(id);
          endpoint.postMessage({ kind: 'cancel', id });
          reject(signal.reason);
        });
        endpoint.postMessage({ kind: 'call', id, method, args }, options.transfer ?? []);
      });
    },
  };
}
