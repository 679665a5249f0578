/**
 * Calls `beat` every `everyMs` until the returned function is called: the holder of a lease renews it
 * this way while its work goes on, so the lease can be short and a dead holder's lease runs out soon.
 * A failing beat is reported to `onError` and the next one tries again.
 */
export function startHeartbeat(everyMs: number, beat: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    beat()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
