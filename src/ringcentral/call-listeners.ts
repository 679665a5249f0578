import type { RingCentralCall } from './rest-client';

/**
 * Where every finished RingCentral call is announced (group, status, error code, time spent), so a
 * metrics module can count calls without the REST client knowing about it.
 */
export class RingCentralCallListeners {
  private readonly listeners = new Set<(call: RingCentralCall) => void>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: (call: RingCentralCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(call: RingCentralCall): void {
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch {
        // a listener's failure never reaches the call it listens to
      }
    }
  }
}
