import { describe, expect, it } from 'vitest';
import { renderManifest } from '../../../src/cli/render-manifest';

describe('renderManifest', () => {
  it('When an operator prints the manifest for their server, then every address derives from APP_SERVER and both apps list their permissions', () => {
    const text = renderManifest('https://bot.example.com/');
    expect(text).toContain('OAuth redirect URI:    https://bot.example.com/bot/oauth');
    expect(text).toContain('Interactive Messages outbound webhook URL: https://bot.example.com/interactive-messages');
    expect(text).toContain('Webhook (subscribed by the bot itself): https://bot.example.com/bot/webhook');
    expect(text).toContain('OAuth redirect URI:    https://bot.example.com/oauth/callback');
    expect(text).toContain('Permissions:           ReadAccounts, TeamMessaging, WebhookSubscriptions, EditExtensions');
    expect(text).toContain('Permissions:           ReadAccounts, ReadAuditTrail, SMS, TeamMessaging, WebSocketsSubscription');
    expect(text).toContain('Optional permission:   WebSocketsSubscription (only with RINGCENTRAL_TRANSPORT=websocket)');
    expect(text).not.toContain('.com//');
  });
});
