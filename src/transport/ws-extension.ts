/**
 * The parts of @rc-ex/ws's WebSocketExtension that both WebSocket users (the bot's chat transport and
 * the admins' SMS-reply listener) touch (its typings are not exported by @ringcentral/subscriptions),
 * plus the error details they log.
 */
export interface WsExtension {
  eventEmitter: NodeJS.EventEmitter;
  recover(): Promise<void>;
  revoke(): Promise<void>;
  disable(): void;
  ws?: { close(): void } | undefined;
  intervalHandle?: NodeJS.Timeout | undefined;
  pingServerHandle?: NodeJS.Timeout | undefined;
}

/** The HTTP status carried by an SDK or @rc-ex error, if any. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Error text for logs: the first line only (@rc-ex's RestException appends the whole request, headers included). */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? (message.split('\n')[0] ?? '').slice(0, 300) : 'unknown error';
}

/** Rejects when `promise` has not settled within `ms` (a hung revoke must not hold up shutdown). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
