import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { deref, isJsonObject, type JsonObject, type OpenApiDocument } from './spec-document';

/** A request matched to a spec operation. */
export interface MatchedOperation {
  operationId: string;
  /** lower-case HTTP method */
  method: string;
  /** the spec's path template, e.g. /restapi/v1.0/subscription/{subscriptionId} */
  template: string;
  pathParams: Record<string, string>;
  /** the operation's `x-throttling-group` (Light, Medium, Heavy, Auth, NoThrottling) */
  throttlingGroup?: string;
}

/** One problem found in a request, with the parameter RingCentral would name in its error. */
export interface RequestProblem {
  message: string;
  parameterName: string;
}

export interface RequestInput {
  query: Record<string, unknown>;
  body: unknown;
  hasBody: boolean;
  contentType: string | undefined;
}

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  literalLength: number;
}

const SCHEMA_ID = 'rc-spec';
const validators = new WeakMap<OpenApiDocument, SpecValidator>();

/**
 * Validates requests and responses against the RingCentral OpenAPI spec. One instance per parsed
 * spec (shared by every simulator in the process); operations are compiled lazily and cached.
 */
export class SpecValidator {
  private readonly plain: Ajv;
  private readonly coercing: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly pathsByMethod = new Map<string, CompiledPath[]>();

  private constructor(private readonly doc: OpenApiDocument) {
    this.plain = newAjv(false);
    this.coercing = newAjv(true);
    const components = { $id: SCHEMA_ID, components: doc.components };
    this.plain.addSchema(components);
    this.coercing.addSchema(components);
    for (const [template, item] of Object.entries(doc.paths)) {
      if (!isJsonObject(item)) continue;
      const names: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      const entry: CompiledPath = { template, regex: new RegExp(`^${source}$`), names, literalLength: template.replace(/\{[^}]+\}/g, '').length };
      for (const method of Object.keys(item)) {
        if (!isJsonObject(item[method])) continue;
        const list = this.pathsByMethod.get(method) ?? [];
        list.push(entry);
        this.pathsByMethod.set(method, list);
      }
    }
    for (const list of this.pathsByMethod.values()) {
      list.sort((a, b) => a.names.length - b.names.length || b.literalLength - a.literalLength);
    }
  }

  /** The validator for a parsed spec (created once per document). */
  static for(doc: OpenApiDocument): SpecValidator {
    let validator = validators.get(doc);
    if (validator === undefined) {
      validator = new SpecValidator(doc);
      validators.set(doc, validator);
    }
    return validator;
  }

  /** The spec operation serving `method path`, if any. */
  match(method: string, path: string): MatchedOperation | undefined {
    const lower = method.toLowerCase();
    for (const candidate of this.pathsByMethod.get(lower) ?? []) {
      const found = candidate.regex.exec(path);
      if (found === null) continue;
      const pathParams: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        pathParams[name] = safeDecode(found[i + 1] ?? '');
      });
      const op = this.operation(candidate.template, lower);
      return {
        operationId: typeof op.operationId === 'string' ? op.operationId : `${lower} ${candidate.template}`,
        method: lower,
        template: candidate.template,
        pathParams,
        throttlingGroup: typeof op['x-throttling-group'] === 'string' ? op['x-throttling-group'] : undefined,
      };
    }
    return undefined;
  }

  /** Check path parameters, query and body. Returns the problems and the query coerced to the spec's types. */
  validateRequest(match: MatchedOperation, input: RequestInput): { problems: RequestProblem[]; query: Record<string, unknown> } {
    const problems: RequestProblem[] = [];
    const op = this.operation(match.template, match.method);
    const params = this.parameters(match.template, match.method);

    const pathCheck = this.compile(`${match.operationId}|path`, () => parameterSchema(params, 'path'), true);
    if (pathCheck !== null && !pathCheck({ ...match.pathParams })) problems.push(...describe(pathCheck.errors, 'path'));

    const query: Record<string, unknown> = structuredClone(input.query);
    const queryCheck = this.compile(`${match.operationId}|query`, () => parameterSchema(params, 'query'), true);
    if (queryCheck !== null && !queryCheck(query)) problems.push(...describe(queryCheck.errors, 'query'));

    const requestBody = deref(this.doc, op.requestBody);
    if (isJsonObject(requestBody)) {
      const content = isJsonObject(requestBody.content) ? requestBody.content : {};
      const mediaType = (input.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!input.hasBody) {
        if (requestBody.required === true) problems.push({ message: 'request body is required', parameterName: 'body' });
      } else if (!isJsonObject(content[mediaType])) {
        problems.push({ message: `content type "${mediaType || '(none)'}" is not one of ${Object.keys(content).join(', ')}`, parameterName: 'Content-Type' });
      } else {
        const form = mediaType === 'application/x-www-form-urlencoded';
        const bodyCheck = this.compile(`${match.operationId}|body|${mediaType}`, () => (content[mediaType] as JsonObject).schema, form);
        const data: unknown = form ? structuredClone(input.body) : input.body;
        if (bodyCheck !== null && !bodyCheck(data)) problems.push(...describe(bodyCheck.errors, 'body'));
      }
    }
    return { problems, query };
  }

  /** Check a response body against the spec's schema for that status (nothing to check → no errors). */
  validateResponse(match: MatchedOperation, status: number, body: unknown): string[] {
    const op = this.operation(match.template, match.method);
    const responses = isJsonObject(op.responses) ? op.responses : {};
    const check = this.compile(`${match.operationId}|response|${status}`, () => {
      const response = deref(this.doc, responses[String(status)] ?? responses.default);
      const content = isJsonObject(response) && isJsonObject(response.content) ? response.content : undefined;
      const json = content?.['application/json'];
      return isJsonObject(json) ? json.schema : undefined;
    }, false);
    if (check === null || check(body)) return [];
    return describe(check.errors, 'response').map((p) => p.message);
  }

  /** Check a notification payload against a component schema (e.g. InstantMessageEvent). */
  validateComponent(schemaName: string, payload: unknown): string[] {
    const check = this.compile(`component|${schemaName}`, () => ({ $ref: `#/components/schemas/${schemaName}` }), false);
    if (check === null || check(payload)) return [];
    return describe(check.errors, schemaName).map((p) => p.message);
  }

  private operation(template: string, method: string): JsonObject {
    const item = this.doc.paths[template];
    const op = isJsonObject(item) ? item[method] : undefined;
    return isJsonObject(op) ? op : {};
  }

  private parameters(template: string, method: string): JsonObject[] {
    const item = this.doc.paths[template];
    const shared = isJsonObject(item) && Array.isArray(item.parameters) ? item.parameters : [];
    const own = this.operation(template, method).parameters;
    return [...shared, ...(Array.isArray(own) ? own : [])].map((p) => deref(this.doc, p)).filter(isJsonObject);
  }

  private compile(key: string, schemaOf: () => unknown, coerce: boolean): ValidateFunction | null {
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    const schema = schemaOf();
    const validate = isJsonObject(schema) ? (coerce ? this.coercing : this.plain).compile(pointRefsAtSpec(schema)) : null;
    this.compiled.set(key, validate);
    return validate;
  }
}

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, coerceTypes: coerce ? 'array' : false });
  addFormats(ajv);
  return ajv;
}

function parameterSchema(params: JsonObject[], location: 'path' | 'query'): JsonObject | undefined {
  const mine = params.filter((p) => p.in === location && typeof p.name === 'string');
  if (mine.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(mine.map((p) => [p.name as string, isJsonObject(p.schema) ? p.schema : {}])),
    required: mine.filter((p) => p.required === true).map((p) => p.name as string),
  };
}

/** Rewrite local `#/components/...` refs so they resolve inside the registered components schema. */
function pointRefsAtSpec(node: unknown): JsonObject {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isJsonObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = key === '$ref' && typeof inner === 'string' && inner.startsWith('#/') ? `${SCHEMA_ID}${inner}` : rewrite(inner);
    }
    return out;
  };
  return rewrite(node) as JsonObject;
}

function describe(errors: ErrorObject[] | null | undefined, where: string): RequestProblem[] {
  // anyOf/oneOf failures repeat every branch's complaint; the branch summaries are noise beyond the first few
  return (errors ?? []).slice(0, 8).map((error) => {
    const segments = error.instancePath.split('/').filter((s) => s.length > 0);
    const missing = error.keyword === 'required' ? String((error.params as { missingProperty?: unknown }).missingProperty ?? '') : '';
    if (missing) segments.push(missing);
    const parameterName = segments.reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
    const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
    const suffix = Array.isArray(allowed) ? ` (${allowed.map(String).join(', ')})` : '';
    return { message: `${where}${error.instancePath} ${error.message ?? 'is invalid'}${suffix}`, parameterName: parameterName || where };
  });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
