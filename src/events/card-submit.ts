import { z } from 'zod';
import { plainSchemaError } from '../errors/plain-schema-error';

const id = z.union([z.string(), z.number()]).transform(String);

/**
 * An Adaptive Card Action.Submit as RingCentral posts it to the Interactive Messages URL
 * (RINGCENTRAL.md §4). `data` is our Action.Submit data merged with the card's input values.
 */
const cardSubmitSchema = z.object({
  uuid: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.literal('button_submit'),
  appId: z.string().optional(),
  user: z.object({
    id: id,
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    accountId: id,
    extId: id.optional(),
  }),
  conversation: z.object({ id: id, type: z.string().optional(), name: z.string().optional() }),
  post: z.object({ id: id }).optional(),
  card: z.object({ id: id }).optional(),
  bot: z.object({ id: id }).optional(),
  data: z
    .record(z.string(), z.unknown())
    .transform((d) =>
      Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    )
    .pipe(z.object({ action: z.string().min(1) }).catchall(z.string())),
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
