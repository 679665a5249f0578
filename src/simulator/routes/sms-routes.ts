import express, { type Request, type Response, type Router } from 'express';
import { fail, invalidParameter } from '../rc-errors';
import { accountParam, authOf, extensionParam, param, type SimContext } from '../sim-context';
import type { PipelineLocals } from '../request-pipeline';

/** Why 1000: RingCentral's SMS text limit in UTF-16 code units (RINGCENTRAL.md §9). */
export const MAX_SMS_LENGTH = 1000;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Sending SMS from the authorized extension's own SmsSender numbers. */
export function smsRoutes(ctx: SimContext): Router {
  const router = express.Router();

  router.post('/restapi/v1.0/account/:accountId/extension/:extensionId/sms', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    if (extension.id !== authOf(res).extensionId) fail(403, 'CMN-401', 'SMS can only be sent by the authorized extension');
    const body = req.body as { from: { phoneNumber: string }; to: { phoneNumber: string }[]; text: string };
    const from = body.from.phoneNumber;
    // UNCONFIRMED code: RingCentral refuses a sender number the extension does not own or that lacks SmsSender
    const sender = extension.phoneNumbers.find((n) => n.phoneNumber === from && n.features.includes('SmsSender'));
    if (sender === undefined) fail(400, 'MSG-304', `Phone number [${from}] does not belong to the extension or cannot send SMS`, 'from.phoneNumber');
    if (body.to.length === 0) invalidParameter('to');
    body.to.forEach((t, i) => {
      if (!E164.test(t.phoneNumber)) invalidParameter(`to[${i}].phoneNumber`, 'expected an E.164 number');
    });
    if (body.text.length === 0) invalidParameter('text');
    if (body.text.length > MAX_SMS_LENGTH) fail(400, 'SMS-UP-432', `Message text is longer than ${MAX_SMS_LENGTH} characters`, 'text');
    for (const recipient of body.to) {
      // UNCONFIRMED code: RingCentral blocks numbers that replied STOP to this sender (opt-out is per number pair)
      if (ctx.state.optOuts.has(`${from}|${recipient.phoneNumber}`)) {
        fail(400, 'SMS-RC-410', `The recipient ${recipient.phoneNumber} has opted out of messages from ${from}`, 'to');
      }
    }
    const id = ctx.state.nextId();
    const now = ctx.state.now();
    const to = body.to.map((t) => t.phoneNumber);
    ctx.state.sentSms.push({ id, accountId: account.id, extensionId: extension.id, from, to, text: body.text, at: now });
    const base = `${ctx.baseUrl()}/restapi/v1.0/account/${account.id}/extension/${extension.id}/message-store/${id}`;
    const conversationId = ctx.state.nextId();
    res.json({
      uri: base,
      id: Number(id),
      to: to.map((phoneNumber) => ({ phoneNumber })),
      from: { phoneNumber: from, name: ctx.state.fullName(extension) },
      type: 'SMS',
      creationTime: ctx.state.iso(now),
      readStatus: 'Read',
      priority: 'Normal',
      attachments: [{ id: Number(id), uri: `${base}/content/${id}`, type: 'Text', contentType: 'text/plain' }],
      direction: 'Outbound',
      availability: 'Alive',
      subject: body.text,
      messageStatus: 'Queued',
      smsSendingAttemptsCount: 1,
      conversationId: Number(conversationId),
      conversation: { id: conversationId, uri: `${ctx.baseUrl()}/restapi/v1.0/conversation/${conversationId}` },
      lastModifiedTime: ctx.state.iso(now),
    });
  });

  // List Messages (spec: GET .../message-store, GetMessageList): the extension's sent SMS, filtered by
  // messageType, direction, dateFrom (default dateTo minus 24 hours, as the spec says) and dateTo (default now).
  // Newest first is UNCONFIRMED (the spec states no order).
  router.get('/restapi/v1.0/account/:accountId/extension/:extensionId/message-store', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
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
      records: records.map((m) => ({
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
      })),
      paging: { page, perPage, totalPages: Math.max(1, Math.ceil(matching.length / perPage)), totalElements: matching.length },
      navigation: {},
    });
  });

  return router;
}
