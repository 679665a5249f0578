import fs from 'node:fs';
import { load } from 'js-yaml';
import { specLocations } from './extract-subset';
import { relaxSpecGaps } from './spec-gaps';
import { asOpenApiDocument, type OpenApiDocument } from './spec-document';

const cache = new Map<string, Promise<OpenApiDocument>>();

/**
 * The spec to validate against: `specPath` if given, else the full spec next to the repo
 * (../shared/...), else the committed subset. Parsed once per process and path (the full YAML is 1.7 MB).
 */
export function loadSpec(specPath?: string): Promise<OpenApiDocument> {
  const file = specPath ?? defaultSpecPath();
  let pending = cache.get(file);
  if (pending === undefined) {
    pending = fs.promises.readFile(file, 'utf8').then((text) => {
      const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : load(text);
      return relaxSpecGaps(asOpenApiDocument(parsed, file));
    });
    pending.catch(() => cache.delete(file));
    cache.set(file, pending);
  }
  return pending;
}

/** The full spec when ../shared is present, else the committed subset. */
export function defaultSpecPath(): string {
  const where = specLocations();
  return fs.existsSync(where.fullSpec) ? where.fullSpec : where.subset;
}
