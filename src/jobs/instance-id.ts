import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A name for this process that no other process (here or on another host, or this one after a restart)
 * has: claims and poll leases carry it, so a row or account is only ever taken over from a dead holder.
 */
export function newInstanceId(): string {
  return `${hostname().replace(/[^A-Za-z0-9.-]/g, '').slice(0, 32) || 'host'}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** The id of this process, made once. */
let own: string | undefined;
export function processInstanceId(): string {
  return (own ??= newInstanceId());
}
