import crypto from 'node:crypto';
import type { SimCard, SimChat, SimExtension } from './sim-types';

type CardNode = Record<string, unknown>;

export interface SubmitInput {
  action?: string;
  inputs?: Record<string, string | boolean>;
}

/**
 * The `data` RingCentral posts for an Action.Submit: the action's own data merged with every input of
 * the card (RINGCENTRAL.md §4). Inputs win over action data on a name clash, as in the Adaptive Cards renderer.
 */
export function submitData(card: Record<string, unknown>, input: SubmitInput): Record<string, unknown> {
  const nodes = allNodes(card);
  const submits = nodes.filter((n) => n.type === 'Action.Submit');
  const chosen =
    input.action === undefined
      ? submits[0]
      : submits.find((n) => n.title === input.action || (isRecord(n.data) && n.data.action === input.action));
  if (chosen === undefined) throw new Error(`simulator: card has no Action.Submit${input.action === undefined ? '' : ` "${input.action}"`}`);
  const data: Record<string, unknown> = isRecord(chosen.data) ? structuredClone(chosen.data) : {};
  const overrides = input.inputs ?? {};
  for (const node of nodes) {
    if (typeof node.type !== 'string' || !node.type.startsWith('Input.') || typeof node.id !== 'string') continue;
    const override = overrides[node.id];
    data[node.id] = inputValue(node, override);
  }
  for (const id of Object.keys(overrides)) {
    if (!(id in data)) throw new Error(`simulator: the card has no input "${id}"`);
  }
  return data;
}

/** Build the button_submit body and its X-Glip-Signature value. */
export function buildSubmit(input: {
  card: SimCard;
  chat: SimChat;
  user: SimExtension;
  appId: string;
  data: Record<string, unknown>;
  timestamp: string;
}): Record<string, unknown> {
  return {
    uuid: crypto.randomUUID(),
    timestamp: input.timestamp,
    type: 'button_submit',
    appId: input.appId,
    user: { id: input.user.id, firstName: input.user.firstName, lastName: input.user.lastName, accountId: input.user.accountId, extId: input.user.id },
    conversation: { id: input.chat.id, type: input.chat.type, ...(input.chat.name === undefined ? {} : { name: input.chat.name }) },
    post: { id: input.card.postId },
    card: { id: input.card.id },
    bot: { id: input.card.creatorId },
    data: input.data,
  };
}

/** HMAC-SHA1 hex of the exact body bytes (X-Glip-Signature). */
export function glipSignature(secret: string, body: string): string {
  return crypto.createHmac('sha1', secret).update(body, 'utf8').digest('hex');
}

function inputValue(node: CardNode, override: string | boolean | undefined): string {
  if (node.type === 'Input.Toggle') {
    // Why strings: RingCentral sends toggles as "true"/"false" (or the card's valueOn/valueOff)
    const on = typeof node.valueOn === 'string' ? node.valueOn : 'true';
    const off = typeof node.valueOff === 'string' ? node.valueOff : 'false';
    if (typeof override === 'boolean') return override ? on : off;
    if (typeof override === 'string') return override;
    return typeof node.value === 'string' ? node.value : off;
  }
  if (override !== undefined) return String(override);
  // a multi-select ChoiceSet's value is already the comma-joined "a,b" string Adaptive Cards uses
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return String(node.value);
  return '';
}

/** Every object in the card tree (body, actions, ActionSets, containers, columns, ShowCard cards). */
function allNodes(root: unknown): CardNode[] {
  const out: CardNode[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (isRecord(value)) {
      out.push(value);
      for (const [key, inner] of Object.entries(value)) if (key !== 'data') walk(inner);
    }
  };
  walk(root);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
