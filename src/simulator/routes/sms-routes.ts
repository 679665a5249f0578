import express, { type Request, type Response, type Router } from 'express';
import { fail, invalidParameter } from '../rc-errors';
import { accountParam, authOf, extensionParam, param, type SimContext } from '../sim-context';

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

  return router;
}
