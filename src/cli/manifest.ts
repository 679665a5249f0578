import dotenv from 'dotenv';
import { renderManifest } from './render-manifest';

/** `npm run manifest`: prints the app registration values for APP_SERVER (only that setting is needed). */
dotenv.config({ quiet: true });
const appServer = process.env.APP_SERVER?.trim();
if (!appServer || !/^https?:\/\//i.test(appServer)) {
  process.stderr.write('APP_SERVER is required (the public https:// base URL of this bot), e.g.\n  APP_SERVER=https://bot.example.com npm run manifest\n');
  process.exit(1);
}
process.stdout.write(renderManifest(appServer));
