import { appScope } from './routes/oauth-routes';
import type { SimContext } from './sim-context';
import type { SimExtension } from './sim-types';

export interface InstallInput {
  accountId: string;
  installerId: string;
  clientId: string;
  redirectUri: string;
  /** display name of the bot extension (default "Audit Trail Bot") */
  botName?: string;
}

/** The bot extension of `clientId` in the account, created on first install (a bot is a virtual user and a person). */
export function ensureBotExtension(ctx: SimContext, input: InstallInput): SimExtension {
  const app = ctx.state.apps.get(input.clientId);
  if (app === undefined || app.kind !== 'bot') throw new Error(`simulator: ${input.clientId} is not a registered bot app`);
  ctx.state.requireAccount(input.accountId);
  const installer = ctx.state.requireExtension(input.installerId);
  if (installer.accountId !== input.accountId) throw new Error('simulator: the installer belongs to another account');
  const key = `${input.accountId}|${input.clientId}`;
  const existing = ctx.state.bots.get(key);
  if (existing !== undefined) {
    // UNCONFIRMED: a reinstall keeps the bot extension and issues a new token, revoking the old one
    ctx.tokens.revokeAllOf(existing);
    return ctx.state.requireExtension(existing);
  }
  const bot: SimExtension = {
    id: ctx.state.nextId(),
    accountId: input.accountId,
    firstName: input.botName ?? 'Audit Trail Bot',
    lastName: '',
    email: '',
    extensionNumber: '',
    admin: false,
    auditTrailAccess: false,
    ringcxAuditAccess: false,
    type: 'Bot',
    status: 'Enabled',
    phoneNumbers: [],
    clientId: input.clientId,
    createdAt: ctx.state.now(),
  };
  ctx.state.extensions.set(bot.id, bot);
  ctx.state.bots.set(key, bot.id);
  return bot;
}

/** Private bot install: RingCentral POSTs the permanent token to the redirect URI (RINGCENTRAL.md §2). */
export async function installPrivate(ctx: SimContext, input: InstallInput & { form?: boolean }): Promise<{ status: number; botId: string; accessToken: string }> {
  const bot = ensureBotExtension(ctx, input);
  const app = ctx.state.apps.get(input.clientId);
  const scope = app === undefined ? '' : appScope(app);
  const token = ctx.tokens.issueBotToken({ accountId: input.accountId, extensionId: bot.id, clientId: input.clientId, scope });
  const fields = { access_token: token.token, creator_extension_id: input.installerId, creator_account_id: input.accountId, client_id: input.clientId };
  const response = await fetch(input.redirectUri, {
    method: 'POST',
    headers: { 'Content-Type': input.form === true ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: input.form === true ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
  });
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status, botId: bot.id, accessToken: token.token };
}

/** Public bot install: RingCentral GETs the redirect URI with a one-time code (RINGCENTRAL.md §2). */
export async function installPublic(ctx: SimContext, input: InstallInput): Promise<{ status: number; botId: string }> {
  const bot = ensureBotExtension(ctx, input);
  const code = ctx.tokens.createCode({ clientId: input.clientId, redirectUri: input.redirectUri, accountId: input.accountId, extensionId: bot.id, bot: true });
  const url = new URL(input.redirectUri);
  url.searchParams.set('code', code.code);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('creator_extension_id', input.installerId);
  url.searchParams.set('creator_account_id', input.accountId);
  const response = await fetch(url, { method: 'GET', redirect: 'manual' });
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status, botId: bot.id };
}

/** Remove the bot: Delete event to its subscriptions first, then drop it from chats, tokens and subscriptions. */
export async function uninstall(ctx: SimContext, accountId: string, clientId: string): Promise<void> {
  const key = `${accountId}|${clientId}`;
  const botId = ctx.state.bots.get(key);
  if (botId === undefined) throw new Error(`simulator: bot ${clientId} is not installed in account ${accountId}`);
  await ctx.hub.publishExtensionEvent(botId, accountId, 'Delete');
  for (const sub of [...ctx.state.subscriptions]) if (sub.ownerId === botId) ctx.state.removeSubscription(sub.id);
  for (const chat of ctx.state.chats.values()) chat.memberIds = chat.memberIds.filter((id) => id !== botId);
  ctx.tokens.revokeAllOf(botId);
  ctx.state.extensions.delete(botId);
  ctx.state.bots.delete(key);
}
