import express, { type Request, type Response, type Router } from 'express';
import { fail, invalidParameter, notFound } from '../rc-errors';
import { accountParam, authOf, extensionParam, param, type SimContext } from '../sim-context';
import type { SimConsent, SimMessage } from '../sim-types';
import type { PipelineLocals } from '../request-pipeline';

/** Why 1000: RingCentral's SMS text limit in UTF-16 code units (RINGCENTRAL.md §9). */
export const MAX_SMS_LENGTH = 1000;
const E164 = /^\+[1-9]\d{6,14}$/;
/** UNCONFIRMED timing (no doc gives one): a record stays Queued this long after the POST... */
export const SMS_QUEUED_MS = 1_000;
/** ...and reaches its outcome this long after the POST, unless an injected outcome says otherwise. */
export const SMS_SETTLE_MS = 3_000;

type RecipientStatus = SimMessage['recipients'][number]['outcome']['messageStatus'];

/**
 * What one recipient's copy shows `elapsed` ms after the POST. Developer guide "Handling SMS Messaging
 * Errors": the POST creates the record; it is later updated to Delivered, or to a failure status with a
 * `deliveryErrorCode`. In between, Queued, then Sent once handed to the carrier (spec: MessageStatusEnum).
 */
function recipientNow(recipient: SimMessage['recipients'][number], elapsed: number): { status: RecipientStatus; code?: string } {
  const { outcome } = recipient;
  if (elapsed >= outcome.afterMs) return { status: outcome.messageStatus, ...(outcome.deliveryErrorCode ? { code: outcome.deliveryErrorCode } : {}) };
  if (elapsed < SMS_QUEUED_MS || outcome.messageStatus === 'SendingFailed' || outcome.messageStatus === 'Queued') return { status: 'Queued' };
  return { status: 'Sent' };
}

/**
 * The aggregate status of a multi-recipient message (spec, MessageStatusEnum): Queued if any recipient is
 * Queued, SendingFailed if any is, the shared status when all agree, else Sent.
 */
function aggregate(statuses: RecipientStatus[]): RecipientStatus {
  if (statuses.includes('Queued')) return 'Queued';
  if (statuses.includes('SendingFailed')) return 'SendingFailed';
  const first = statuses[0] ?? 'Queued';
  return statuses.every((s) => s === first) ? first : 'Sent';
}

/** GetSMSMessageInfoResponse / GetMessageInfoResponse for a message record as it is now. */
export function messageRecord(ctx: SimContext, message: SimMessage, senderName: string): object {
  const now = ctx.state.now();
  const elapsed = now - message.createdAt;
  const recipients = message.recipients.map((r) => ({ phoneNumber: r.phoneNumber, ...recipientNow(r, elapsed) }));
  const status = aggregate(recipients.map((r) => r.status));
  const code = recipients.find((r) => r.code !== undefined)?.code;
  const base = `${ctx.baseUrl()}/restapi/v1.0/account/${message.accountId}/extension/${message.extensionId}/message-store/${message.id}`;
  const settledAt = Math.min(now, message.createdAt + Math.max(...message.recipients.map((r) => (elapsed >= r.outcome.afterMs ? r.outcome.afterMs : elapsed >= SMS_QUEUED_MS ? SMS_QUEUED_MS : 0))));
  return {
    uri: base,
    id: Number(message.id),
    extensionId: message.extensionId,
    to: recipients.map((r) => ({ phoneNumber: r.phoneNumber, messageStatus: r.status })),
    from: { phoneNumber: message.from, name: senderName },
    type: 'SMS',
    creationTime: ctx.state.iso(message.createdAt),
    readStatus: 'Read',
    priority: 'Normal',
    attachments: [{ id: Number(message.id), uri: `${base}/content/${message.id}`, type: 'Text', contentType: 'text/plain' }],
    direction: 'Outbound',
    availability: 'Alive',
    subject: message.text,
    messageStatus: status,
    ...(code !== undefined ? { deliveryErrorCode: code } : {}),
    // spec: smsDeliveryTime "is filled only if a carrier sends a delivery receipt"
    ...(status === 'Delivered' ? { smsDeliveryTime: ctx.state.iso(settledAt) } : {}),
    smsSendingAttemptsCount: 1,
    conversationId: Number(message.id) + 1,
    conversation: { id: String(Number(message.id) + 1), uri: `${ctx.baseUrl()}/restapi/v1.0/conversation/${Number(message.id) + 1}` },
    lastModifiedTime: ctx.state.iso(settledAt),
  };
}

/** Sending SMS from the authorized extension's own SmsSender numbers, their message records, and the consent list. */
export function smsRoutes(ctx: SimContext): Router {
  const router = express.Router();

  router.post('/restapi/v1.0/account/:accountId/extension/:extensionId/sms', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    if (extension.id !== authOf(res).extensionId) fail(403, 'CMN-401', 'SMS can only be sent by the authorized extension');
    const body = req.body as { from: { phoneNumber: string }; to: { phoneNumber: string }[]; text: string };
    const from = body.from.phoneNumber;
    // RINGCENTRAL.md §9: MSG-304 (403) the number does not belong to the extension; MSG-242 (403) sending SMS
    // is not available from that number.
    const owned = extension.phoneNumbers.find((n) => n.phoneNumber === from);
    if (owned === undefined) fail(403, 'MSG-304', `Phone number [${from}] does not belong to the extension`, 'from.phoneNumber');
    if (!owned.features.includes('SmsSender')) fail(403, 'MSG-242', `Sending SMS from [${from}] is not available`, 'from.phoneNumber');
    if (body.to.length === 0) invalidParameter('to');
    body.to.forEach((t, i) => {
      if (!E164.test(t.phoneNumber)) invalidParameter(`to[${i}].phoneNumber`, 'expected an E.164 number');
    });
    if (body.text.length === 0) invalidParameter('text');
    if (body.text.length > MAX_SMS_LENGTH) fail(400, 'SMS-UP-432', `Message text is longer than ${MAX_SMS_LENGTH} characters`, 'text');
    const id = ctx.state.nextId();
    const now = ctx.state.now();
    const to = body.to.map((t) => t.phoneNumber);
    ctx.state.sentSms.push({ id, accountId: account.id, extensionId: extension.id, from, to, text: body.text, at: now });
    ctx.state.messages.set(id, {
      id,
      accountId: account.id,
      extensionId: extension.id,
      from,
      text: body.text,
      createdAt: now,
      recipients: to.map((phoneNumber) => {
        // Opt-out is kept by RingCentral per pair and shows on the record, not on the POST (developer guide
        // "Handling SMS Messaging Errors": SendingFailed with deliveryErrorCode SMS-RC-413).
        if (ctx.state.isOptedOut(from, phoneNumber)) {
          return { phoneNumber, outcome: { messageStatus: 'SendingFailed' as const, deliveryErrorCode: 'SMS-RC-413', afterMs: SMS_QUEUED_MS } };
        }
        const injected = ctx.state.takeSmsOutcome(phoneNumber);
        return {
          phoneNumber,
          outcome: {
            messageStatus: injected?.messageStatus ?? 'Delivered',
            ...(injected?.deliveryErrorCode ? { deliveryErrorCode: injected.deliveryErrorCode } : {}),
            afterMs: injected?.afterMs ?? SMS_SETTLE_MS,
          },
        };
      }),
    });
    res.json({ ...messageRecord(ctx, ctx.state.messages.get(id)!, ctx.state.fullName(extension)), conversationId: Number(id) + 1 });
  });

  router.get('/restapi/v1.0/account/:accountId/extension/:extensionId/message-store/:messageId', (req: Request, res: Response) => {
    accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    const message = ctx.state.messages.get(param(req, 'messageId'));
    if (message === undefined || message.extensionId !== extension.id) notFound('messageId');
    res.json(messageRecord(ctx, message, ctx.state.fullName(extension)));
  });

  // POST /restapi/v2/accounts/{accountId}/sms/consents/search (spec: SearchSmsConsentRecordsRequest → OptRecordList).
  router.post('/restapi/v2/accounts/:accountId/sms/consents/search', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const body = (req.body ?? {}) as { from?: string[]; to?: string[]; optStatus?: string; pageToken?: string; perPage?: number };
    const ours = new Set([...ctx.state.extensions.values()].filter((e) => e.accountId === account.id).flatMap((e) => e.phoneNumbers.map((n) => n.phoneNumber)));
    const matching = [...ctx.state.consents.values()].filter(
      (c: SimConsent) =>
        ours.has(c.from) &&
        (body.from === undefined || body.from.includes(c.from)) &&
        (body.to === undefined || body.to.includes(c.to)) &&
        (body.optStatus === undefined || body.optStatus === c.optStatus),
    );
    const perPage = Math.min(Math.max(body.perPage ?? 100, 1), 1000);
    // UNCONFIRMED: the page token's form is not published; here it is the offset.
    const start = body.pageToken !== undefined && /^\d+$/.test(body.pageToken) ? Number(body.pageToken) : 0;
    const page = matching.slice(start, start + perPage);
    res.json({
      records: page.map((c) => ({ to: c.to, from: c.from, coverage: 'PhoneNumber', optStatus: c.optStatus, source: c.source, lastModifiedTime: ctx.state.iso(c.lastModifiedTime) })),
      paging: { perPage, ...(page.length > 0 ? { pageToken: String(start) } : {}), ...(start + perPage < matching.length ? { nextPageToken: String(start + perPage) } : {}) },
    });
  });

  // List Messages (spec: GET .../message-store, GetMessageList): the extension's sent SMS, filtered by
  // messageType, direction, dateFrom (default dateTo minus 24 hours, as the spec says) and dateTo (default now).
  // Newest first is UNCONFIRMED (the spec states no order).
  router.get('/restapi/v1.0/account/:accountId/extension/:extensionId/message-store', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    // UNCONFIRMED: only the extension's own token may list its store (the spec's 403 read narrowly; an
    // admin's token may be allowed on other extensions). The bot only ever lists its own (`~`) store.
    if (extension.id !== authOf(res).extensionId) fail(403, 'CMN-401', 'The message store can only be read by its extension');
    const query = (res.locals as PipelineLocals).simQuery ?? {};
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined);
    const types = list(query.messageType);
    const directions = list(query.direction);
    const dateTo = typeof query.dateTo === 'string' ? Date.parse(query.dateTo) : ctx.state.now();
    const dateFrom = typeof query.dateFrom === 'string' ? Date.parse(query.dateFrom) : dateTo - 86_400_000;
    const perPage = typeof query.perPage === 'number' && query.perPage > 0 ? Math.min(1000, query.perPage) : 100;
    const page = typeof query.page === 'number' && query.page > 0 ? query.page : 1;
    const matching =
      (types === undefined || types.includes('SMS')) && (directions === undefined || directions.includes('Outbound'))
        ? ctx.state.sentSms.filter((m) => m.accountId === account.id && m.extensionId === extension.id && m.at >= dateFrom && m.at <= dateTo).sort((a, b) => b.at - a.at)
        : [];
    const records = matching.slice((page - 1) * perPage, page * perPage);
    const base = `${ctx.baseUrl()}/restapi/v1.0/account/${account.id}/extension/${extension.id}/message-store`;
    res.json({
      uri: `${base}?page=${page}&perPage=${perPage}`,
      // Each listed message as its record reads now (the status moves on as in GET .../message-store/{id}).
      records: records.map((m) => {
        const message = ctx.state.messages.get(m.id);
        return message
          ? messageRecord(ctx, message, ctx.state.fullName(extension))
          : {
              uri: `${base}/${m.id}`,
              id: Number(m.id),
              to: m.to.map((phoneNumber) => ({ phoneNumber })),
              from: { phoneNumber: m.from, name: ctx.state.fullName(extension) },
              type: 'SMS',
              creationTime: ctx.state.iso(m.at),
              readStatus: 'Read',
              priority: 'Normal',
              direction: 'Outbound',
              availability: 'Alive',
              subject: m.text,
              messageStatus: 'Sent',
              lastModifiedTime: ctx.state.iso(m.at),
            };
      }),
      paging: { page, perPage, totalPages: Math.max(1, Math.ceil(matching.length / perPage)), totalElements: matching.length },
      navigation: {},
    });
  });

  return router;
}
