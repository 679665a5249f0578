import type { TriageState } from '../db/alert-triage-repository';

/** What a person can do to an alert from its card. */
export type TriageVerb = 'acknowledge' | 'expected' | 'resolve' | 'reopen';

/** The state each verb leads to. */
export const TRIAGE_TARGET: Record<TriageVerb, TriageState> = { acknowledge: 'acknowledged', expected: 'expected', resolve: 'resolved', reopen: 'open' };

/**
 * The buttons each state offers: an open alert can be acknowledged or marked expected; an
 * acknowledged one can still be marked expected, or resolved; an expected or resolved one can be reopened.
 */
export function triageVerbsFor(state: TriageState): TriageVerb[] {
  switch (state) {
    case 'open':
      return ['acknowledge', 'expected'];
    case 'acknowledged':
      return ['expected', 'resolve'];
    case 'expected':
    case 'resolved':
      return ['reopen'];
  }
}

/** Card action verb (data.action) of each triage verb. */
export const TRIAGE_ACTIONS: Record<TriageVerb, string> = { acknowledge: 'alertAcknowledge', expected: 'alertExpected', resolve: 'alertResolve', reopen: 'alertReopen' };
