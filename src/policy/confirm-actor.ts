import type { AuditFacts } from '../catalog/describe-audit-record';
import { atLeast, type Severity } from './severity';

/**
 * "Was this you?": with `confirm actors on`, a critical or high RingEX alert whose initiator is a user
 * of the account (the audit record names their extension id) is confirmed with that person. Returns
 * the extension id to ask, or undefined. Pure.
 */
export function actorToConfirm(facts: AuditFacts, severity: Severity, confirmActors: boolean): string | undefined {
  if (!confirmActors || facts.source !== 'RingEX' || !atLeast(severity, 'high')) return undefined;
  const id = facts.initiator.extensionId?.trim();
  return id !== undefined && /^\d+$/.test(id) ? id : undefined;
}

/** The escalation text after the actor answered no. */
export const ACTOR_DENIED = 'The actor says they did not make this change: possible account compromise';
