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
  grantTypes: z.array(z.string()).default([]),
  optional: z.string().optional(),
  environmentSettings: z.object({
    clientIdSetting: z.string(),
    clientSecretSetting: z.string(),
    sharedSecretSetting: z.string().optional(),
  }),
});

const manifestSchema = z.object({
  name: z.string(),
  bot: z.object({ displayName: z.string(), description: z.string() }),
  apps: z.object({ bot: appSchema, admin: appSchema }),
});

/**
 * The Developer Console steps for one deployment, from manifest.json and APP_SERVER: every step the
 * README's "Registering the apps" section lists, in its order, with this server's addresses.
 */
export function renderManifest(appServer: string): string {
  const m = manifestSchema.parse(manifest);
  const base = appServer.replace(/\/+$/, '');
  const lines: string[] = [`${m.name}: Developer Console settings for ${base}`, ''];
  [m.apps.bot, m.apps.admin].forEach((app, i) => {
    const env = app.environmentSettings;
    lines.push(`${i + 1}. ${app.title}`, `  App type:              ${app.appType}`);
    lines.push(`  Permissions:           ${app.permissions.join(', ')}`);
    for (const [permission, when] of Object.entries(app.optionalPermissions ?? {})) {
      lines.push(`  Optional permission:   ${permission} (${when})`);
    }
    lines.push(`  OAuth redirect URI:    ${base}${app.oauthRedirectPath}`);
    if (app.grantTypes.length > 0) {
      lines.push(`  Grant types:           ${app.grantTypes.join(', ')} (allow the refresh-token grant)`);
    }
    if (app.interactiveMessagesPath) {
      lines.push(`  Interactive Messages:  enable it; outbound webhook URL ${base}${app.interactiveMessagesPath}`);
      if (env.sharedSecretSetting) lines.push(`                         then copy its shared secret into ${env.sharedSecretSetting}`);
    }
    lines.push(`  Credentials:           copy the client id and secret into ${env.clientIdSetting} / ${env.clientSecretSetting}`);
    if (app.optional) lines.push(`                         (${app.optional})`);
    if (app.webhookPath) lines.push(`  Webhook (subscribed by the bot itself): ${base}${app.webhookPath}: do not register it`);
    lines.push('');
  });
  lines.push(
    `3. Install the bot into your account. The installer gets a direct message from the bot; an admin who`,
    `   can read the audit trail (Super Admin or Billing Admin) types login there.`,
    '',
    `Bot display name: ${m.bot.displayName}`,
    `Bot description:  ${m.bot.description}`,
  );
  return `${lines.join('\n')}\n`;
}
