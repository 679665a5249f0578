import { z } from 'zod';
import { plainSchemaError } from '../errors/plain-schema-error';
import { safeId, safeText, safeToken, textProblem } from './safe-text';

const id = safeId;
/** A name or label as people type them. */
const name = safeText(256);
/** A short word RingCentral fills in: a type, a timestamp. */
const word = safeText(64);
/** The most inputs one of our cards has is a few dozen; a body with more is not a click on ours. */
const MAX_DATA_KEYS = 100;
/** The longest value one input of our cards may carry (a comma-separated list of chats or names). */
const MAX_VALUE_LENGTH = 10_000;
/** An input id of ours: printable ASCII, short. */
const DATA_KEY = /^[\x21-\x7E]{1,64}$/;

/**
 * `data` holds our Action.Submit data and the card's input values: strings, numbers or booleans only
 * (Input.Toggle and Input.ChoiceSet give strings; our `version` is a number). Each becomes a string;
 * objects, arrays and null, odd keys, too many keys and unsafe text are refused.
 */
const dataSchema = z
  .record(z.string(), z.unknown())
  .superRefine((d, ctx) => {
    const entries = Object.entries(d);
    if (entries.length > MAX_DATA_KEYS) ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_DATA_KEYS} values` });
    for (const [key, value] of entries.slice(0, MAX_DATA_KEYS + 1)) {
      if (!DATA_KEY.test(key)) {
        ctx.addIssue({ code: 'custom', message: 'must have input names of printable ASCII without spaces, at most 64 characters each' });
        return;
      }
      if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' && typeof value !== 'boolean') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be text, a number or true/false' });
        continue;
      }
      const problem = typeof value === 'string' ? textProblem(value, MAX_VALUE_LENGTH) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  })
  .transform((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)])))
  .pipe(z.object({ action: z.string().min(1) }).catchall(z.string()));

/**
 * An Adaptive Card Action.Submit as RingCentral posts it to the Interactive Messages URL
 * (RINGCENTRAL.md §4). `data` is our Action.Submit data merged with the card's input values.
 */
const cardSubmitSchema = z.object({
  uuid: safeToken(128).optional(),
  timestamp: word.optional(),
  type: z.literal('button_submit'),
  appId: safeToken(128).optional(),
  user: z.object({
    id: id,
    firstName: name.optional(),
    lastName: name.optional(),
    accountId: id,
    extId: id.optional(),
  }),
  conversation: z.object({ id: id, type: word.optional(), name: safeText(1024).optional() }),
  post: z.object({ id: id }).optional(),
  card: z.object({ id: id }).optional(),
  bot: z.object({ id: id }).optional(),
  data: dataSchema,
});

/**
 * A parsed submit. `clickerId` is who clicked: `user.extId` (the extension id, which
 * ringcentral-chatbot-js reads), falling back to `user.id` when RingCentral sends no extId (RINGCENTRAL.md §4).
 */
export type CardSubmit = z.infer<typeof cardSubmitSchema> & { clickerId: string };

export type ParsedCardSubmit = { ok: true; submit: CardSubmit } | { ok: false; error: string };

/** Parses a decoded JSON body; a submit without `data.action` is refused (every card of ours sets one). */
export function parseCardSubmit(json: unknown): ParsedCardSubmit {
  const parsed = cardSubmitSchema.safeParse(json);
  return parsed.success
    ? { ok: true, submit: { ...parsed.data, clickerId: parsed.data.user.extId ?? parsed.data.user.id } }
    : { ok: false, error: plainSchemaError('a card submit', parsed.error) };
}
