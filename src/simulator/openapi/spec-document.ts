/** A parsed OpenAPI 3.0 document, typed only as far as the simulator reads it. */
export type JsonObject = Record<string, unknown>;

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/** Narrow an unknown parsed value to a plain object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Check the parsed file has the parts of an OpenAPI document the simulator needs. */
export function asOpenApiDocument(value: unknown, source: string): OpenApiDocument {
  if (!isJsonObject(value) || typeof value.openapi !== 'string' || !isJsonObject(value.paths) || !isJsonObject(value.components)) {
    throw new Error(`${source} is not an OpenAPI 3 document`);
  }
  return value as OpenApiDocument;
}

/** Follow a local `#/components/...` reference. */
export function resolvePointer(doc: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** The object itself, or what its `$ref` points to (one level, as OpenAPI parameters/responses use it). */
export function deref(doc: JsonObject, value: unknown): unknown {
  if (isJsonObject(value) && typeof value.$ref === 'string') return deref(doc, resolvePointer(doc, value.$ref));
  return value;
}
