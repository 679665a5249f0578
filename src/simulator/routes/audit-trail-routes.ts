import express, { type Request, type Response, type Router } from 'express';
import { fail, invalidParameter } from '../rc-errors';
import { accountParam, callerOf, param, type SimContext } from '../sim-context';
import type { AuditRecord } from '../sim-types';

/** Searchable history: the last 180 days or 10,000 records, whichever is less (spec description). */
const RETENTION_MS = 180 * 86_400_000;
const RETENTION_RECORDS = 10_000;
const DEFAULT_WINDOW_MS = 86_400_000;
const DEFAULT_PER_PAGE = 100;

/** POST /restapi/v1.0/account/~/audit-trail/search (Heavy group). */
export function auditTrailRoutes(ctx: SimContext): Router {
  const router = express.Router();

  router.post('/restapi/v1.0/account/:accountId/audit-trail/search', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const caller = callerOf(ctx, res);
    if (!caller.auditTrailAccess) {
      fail(403, 'CMN-401', 'In order to call this API endpoint, user needs to have [ReadAuditTrail] permission');
    }
    const body = (req.body ?? {}) as {
      eventTimeFrom?: string;
      eventTimeTo?: string;
      page?: number;
      perPage?: number;
      actionIds?: string[];
      excludeActionIds?: string[];
      initiatorIds?: string[];
      targetIds?: string[];
      searchString?: string;
    };
    const perPage = body.perPage ?? DEFAULT_PER_PAGE;
    if (perPage < 1 || perPage > 1000) invalidParameter('perPage', 'must be between 1 and 1000');
    const page = body.page ?? 1;
    if (page < 1) invalidParameter('page', 'pages are numbered from 1');
    // Defaults per the spec: to = now, from = to - 24 h.
    const to = body.eventTimeTo === undefined ? ctx.state.now() : Date.parse(body.eventTimeTo);
    const from = body.eventTimeFrom === undefined ? to - DEFAULT_WINDOW_MS : Date.parse(body.eventTimeFrom);
    const retainedFrom = ctx.state.now() - RETENTION_MS;
    const needle = body.searchString?.toLowerCase();
    const retained = (ctx.state.auditRecords.get(account.id) ?? [])
      .filter((r) => Date.parse(r.eventTime) >= retainedFrom)
      // UNCONFIRMED order: oldest first. Callers should not depend on it (de-duplicate by id).
      .sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime))
      .slice(-RETENTION_RECORDS);
    const found = retained.filter((r) => {
      const t = Date.parse(r.eventTime);
      // UNCONFIRMED bounds: eventTimeFrom inclusive, eventTimeTo exclusive
      if (t < from || t >= to) return false;
      if (body.actionIds !== undefined && body.actionIds.length > 0 && !body.actionIds.includes(r.actionId)) return false;
      if (body.excludeActionIds?.includes(r.actionId) === true) return false;
      if (body.initiatorIds !== undefined && body.initiatorIds.length > 0 && !body.initiatorIds.includes(r.initiator.extensionId)) return false;
      if (body.targetIds !== undefined && body.targetIds.length > 0 && !body.targetIds.includes(r.target.objectId)) return false;
      return needle === undefined || searchable(r).some((field) => field.toLowerCase().includes(needle));
    });
    const totalPages = Math.ceil(found.length / perPage);
    res.json({
      records: found.slice((page - 1) * perPage, page * perPage),
      paging: { page, perPage, total: totalPages, totalFound: found.length },
    });
  });

  return router;
}

/** The fields `searchString` applies to, per the spec. */
function searchable(record: AuditRecord): string[] {
  return [
    record.initiator.name,
    record.initiator.role,
    record.initiator.extensionNumber,
    record.target.name,
    record.target.extensionNumber ?? '',
    ...record.details.parameters.map((p) => p.value),
  ];
}
