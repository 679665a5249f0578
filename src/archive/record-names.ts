import type { AuditSource } from '../db/audit-events-repository';

export interface RecordNames {
  initiator: string;
  target: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
const object = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * Who did it and to whom, read leniently from a stored raw record (an archive may hold shapes older or
 * newer than today's parsers): RingEX `initiator.name` / `target.name` (RINGCENTRAL.md §8); RingCX
 * `authUser` first and last name (else userName) / `auditedEntityDescription` (else the audited class
 * and id, RINGCENTRAL.md §10). Empty when absent.
 */
export function recordNames(source: AuditSource, record: unknown): RecordNames {
  const r = object(record);
  if (source === 'ringex') {
    return { initiator: text(object(r.initiator).name), target: text(object(r.target).name) };
  }
  const user = object(r.authUser);
  const fullName = [text(user.firstName), text(user.lastName)].filter(Boolean).join(' ');
  const entity = [text(r.auditedClass), text(r.auditedEntityId)].filter(Boolean).join(' ');
  return { initiator: fullName || text(user.userName), target: text(r.auditedEntityDescription) || entity };
}
