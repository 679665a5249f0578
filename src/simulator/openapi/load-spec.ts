import fs from 'node:fs';
import { load } from 'js-yaml';
import { findRepoRoot } from './find-repo-root';
import { specLocations, type SpecKind } from './extract-subset';
import { relaxRingcxSpecGaps } from './ringcx-spec-gaps';
import { relaxSpecGaps } from './spec-gaps';
import { asOpenApiDocument, type OpenApiDocument } from './spec-document';

const cache = new Map<string, Promise<OpenApiDocument>>();

/**
 * The spec to validate against: `specPath` if given, else the full spec next to the repo
 * (../shared/...), else the committed subset. Parsed once per process, kind and path (the full YAML is 1.7 MB).
 */
export function loadSpec(specPath?: string, kind: SpecKind = 'platform'): Promise<OpenApiDocument> {
  const file = specPath ?? defaultSpecPath(kind);
  const key = `${kind}|${file}`;
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = fs.promises.readFile(file, 'utf8').then((text) => {
      const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : load(text);
      const doc = asOpenApiDocument(parsed, file);
      return kind === 'ringcx' ? relaxRingcxSpecGaps(doc) : relaxSpecGaps(doc);
    });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** The full spec when ../shared is present, else the committed subset. */
export function defaultSpecPath(kind: SpecKind = 'platform'): string {
  const where = specLocations(findRepoRoot(), kind);
  return fs.existsSync(where.fullSpec) ? where.fullSpec : where.subset;
}
