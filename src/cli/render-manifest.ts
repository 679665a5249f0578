import { z } from 'zod';
import manifest from '../../manifest.json';

const appSchema = z.object({
  title: z.string(),
  appType: z.string(),
  permissions: z.array(z.string()),
  optionalPermissions: z.record(z.string(), z.string()).optional(),
  oauthRedirectPath: z.string(),
  webhookPath: z.string().optional(),
  interactiveMessagesPath: z.string().optional(),
});

const manifestSchema = z.object({
  name: z.string(),
  bot: z.object({ displayName: z.string(), description: z.string() }),
  apps: z.object({ bot: appSchema, admin: appSchema }),
});

/** The Developer Console values for one deployment, from manifest.json and APP_SERVER. */
export function renderManifest(appServer: string): string {
  const m = manifestSchema.parse(manifest);
  const base = appServer.replace(/\/+$/, '');
  const lines: string[] = [`${m.name}: Developer Console settings for ${base}`, ''];
  for (const app of [m.apps.bot, m.apps.admin]) {
    lines.push(`${app.title}`, `  App type:              ${app.appType}`);
    lines.push(`  OAuth redirect URI:    ${base}${app.oauthRedirectPath}`);
    if (app.webhookPath) lines.push(`  Webhook (subscribed by the bot itself): ${base}${app.webhookPath}`);
    if (app.interactiveMessagesPath) {
      lines.push(`  Interactive Messages outbound webhook URL: ${base}${app.interactiveMessagesPath}`);
    }
    lines.push(`  Permissions:           ${app.permissions.join(', ')}`);
    for (const [permission, when] of Object.entries(app.optionalPermissions ?? {})) {
      lines.push(`  Optional permission:   ${permission} (${when})`);
    }
    lines.push('');
  }
  lines.push(`Bot display name: ${m.bot.displayName}`, `Bot description:  ${m.bot.description}`);
  return `${lines.join('\n')}\n`;
}
