import dotenv from 'dotenv';
import { DEFAULT_DATABASE_URL } from '../config/load-config';
import { parseEncryptionKey, TokenCipher, EncryptionKeyMismatch } from '../crypto/token-cipher';
import { resealAll } from '../crypto/reseal-all';
import { connectDatabase } from '../db/connect';
import { migrateUp } from '../db/migrate';

const USAGE = 'Usage: npm run rotate-key -- --new-key <key>   (the old key is ENCRYPTION_KEY; stop every instance first)';

/** A refusal: nothing was changed; exit 2 with the reason. */
class Refused extends Error {}

function readNewKey(argv: string[]): Buffer {
  const index = argv.indexOf('--new-key');
  const text = index >= 0 ? argv[index + 1] : undefined;
  if (text === undefined || text.startsWith('--')) throw new Refused(`--new-key is required.\n${USAGE}`);
  try {
    return parseEncryptionKey(text);
  } catch (error) {
    throw new Refused(`The new key ${(error as Error).message}.`);
  }
}

/**
 * `npm run rotate-key -- --new-key <key>`: re-seals every stored token and secret under a new
 * ENCRYPTION_KEY in one transaction. The old key comes from the environment (ENCRYPTION_KEY). A new
 * key of the wrong size, or an old key that does not open the stored values, changes nothing: exit 2.
 */
async function run(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const newKey = readNewKey(argv);
  const oldText = process.env.ENCRYPTION_KEY?.trim();
  if (!oldText) throw new Refused('ENCRYPTION_KEY (the current key) is not set.');
  let oldKey: Buffer;
  try {
    oldKey = parseEncryptionKey(oldText);
  } catch (error) {
    throw new Refused(`ENCRYPTION_KEY ${(error as Error).message}.`);
  }
  if (oldKey.equals(newKey)) throw new Refused('The new key is the same as ENCRYPTION_KEY: nothing to rotate.');
  const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const sequelize = connectDatabase(databaseUrl);
  try {
    await sequelize.authenticate();
    await migrateUp(sequelize);
    const counts = await resealAll(sequelize, new TokenCipher(oldKey), new TokenCipher(newKey));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const detail = Object.entries(counts).map(([table, n]) => `${table} ${n}`).join(', ');
    process.stdout.write(`Re-encrypted ${total} stored values (${detail || 'none stored'}). Set ENCRYPTION_KEY to the new key before starting the bot again.\n`);
    return 0;
  } catch (error) {
    if (error instanceof EncryptionKeyMismatch) throw new Refused(`${error.message}: nothing was changed.`);
    throw error;
  } finally {
    await sequelize.close();
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof Refused) {
      process.stderr.write(`rotate-key refused: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`rotate-key failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
