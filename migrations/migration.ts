import type { MigrationContext } from '../src/db/migrate';

/** One schema step; `name` is the timestamped file name it lives in. */
export interface Migration {
  name: string;
  up(context: MigrationContext): Promise<void>;
  down(context: MigrationContext): Promise<void>;
}
