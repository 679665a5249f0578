import { LONE_SURROGATE } from '../events/safe-text';

/**
 * Text as both databases store it. A NUL cannot be stored (PostgreSQL refuses it in text, and in json
 * turned into text; SQLite cuts statements at it), and PostgreSQL refuses the `\ud800` JSON.stringify
 * writes for a lone UTF-16 surrogate, where the drivers' text parameters made it U+FFFD. Both become
 * U+FFFD here, before a value is stored or compared, so a record id maps to one stored text whichever
 * statement writes it (an event's record id and its outbox rows' record id stay equal).
 */
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g');

export function storableText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? value.replace(UNSTORABLE, '\uFFFD') : value) as T;
}
