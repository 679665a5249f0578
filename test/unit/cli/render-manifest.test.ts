import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderManifest } from '../../../src/cli/render-manifest';

const BASE = 'https://bot.example.com';
const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
/** The README's Developer Console walk-through, up to the next section. */
const consoleSection = readme.slice(readme.indexOf('## Registering the apps in the RingCentral Developer Console'), readme.indexOf('\n## ', readme.indexOf('## Registering the apps') + 3));

/** What a step names: settings, addresses, permissions and the two easily missed steps. */
function namedThings(text: string): string[] {
  const settings = text.match(/\bRINGCENTRAL_[A-Z_]+\b/g) ?? [];
  const addresses = (text.match(/APP_SERVER(\/[a-z/-]+)/g) ?? []).map((a) => a.replace('APP_SERVER', BASE));
  const permissions = (text.match(/\*\*([A-Za-z]+(?:, [A-Za-z]+)+)\*\*/g) ?? []).flatMap((p) => p.replace(/\*/g, '').split(', '));
  const steps = ['refresh-token grant', 'shared secret', 'Interactive Messages', 'Super Admin or Billing Admin'].filter((s) => text.includes(s));
  return [...new Set([...settings, ...addresses, ...permissions, ...steps])];
}

describe('renderManifest', () => {
  it('When an operator prints the manifest for their server, then every address derives from APP_SERVER and both apps list their permissions', () => {
    const text = renderManifest('https://bot.example.com/');
    expect(text).toContain('OAuth redirect URI:    https://bot.example.com/bot/oauth');
    expect(text).toContain('Interactive Messages:  enable it; outbound webhook URL https://bot.example.com/interactive-messages');
    expect(text).toContain('Webhook (subscribed by the bot itself): https://bot.example.com/bot/webhook: do not register it');
    expect(text).toContain('OAuth redirect URI:    https://bot.example.com/oauth/callback');
    expect(text).toContain('Permissions:           ReadAccounts, TeamMessaging, WebhookSubscriptions, EditExtensions');
    expect(text).toContain('Permissions:           ReadAccounts, ReadAuditTrail, SMS, TeamMessaging, WebSocketsSubscription');
    expect(text).toContain('Optional permission:   WebSocketsSubscription (only with RINGCENTRAL_TRANSPORT=websocket)');
    expect(text).not.toContain('.com//');
  });

  it('When the manifest is printed, then it holds the refresh-token grant and the copying of the Interactive Messages shared secret', () => {
    const text = renderManifest(BASE);
    expect(text).toContain('Grant types:           Authorization Code, Refresh Token (allow the refresh-token grant)');
    expect(text).toContain('                         then copy its shared secret into RINGCENTRAL_SHARED_SECRET');
    expect(text).toContain('copy the client id and secret into RINGCENTRAL_BOT_CLIENT_ID / RINGCENTRAL_BOT_CLIENT_SECRET');
    expect(text).toContain('copy the client id and secret into RINGCENTRAL_CLIENT_ID / RINGCENTRAL_CLIENT_SECRET');
  });

  it('When the README walks through the Developer Console, then npm run manifest prints everything it names, and names nothing the README leaves out', () => {
    const fromReadme = namedThings(consoleSection);
    const printed = renderManifest(BASE);
    expect(fromReadme.length).toBeGreaterThan(15);
    expect(fromReadme.filter((thing) => !printed.includes(thing))).toEqual([]);
    const fromManifest = namedThings(printed.replaceAll(BASE, 'APP_SERVER').replace(/Permissions: +([A-Za-z, ]+)/g, '**$1**'));
    expect(fromManifest.filter((thing) => !fromReadme.includes(thing))).toEqual([]);
  });
});
