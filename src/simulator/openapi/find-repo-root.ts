import fs from 'node:fs';
import path from 'node:path';

/**
 * The directory holding this project's package.json (name "audit-trail-bot"), found by walking up
 * from `start`. Works from src/ under vitest and from dist/ after a build.
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const parsed: unknown = JSON.parse(fs.readFileSync(candidate, 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'audit-trail-bot') {
          return dir;
        }
      } catch {
        // not our package.json; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`audit-trail-bot package.json not found above ${start}`);
    dir = parent;
  }
}
