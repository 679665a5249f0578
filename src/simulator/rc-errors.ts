/** An HTTP answer a route handler gives up with; the error middleware sends it as-is. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * RingCentral's platform error body: a top-level errorCode/message plus the `errors[]` array the
 * spec's ApiErrorResponseModel requires (the shape seen in RingCentral's own API answers).
 */
export function rcError(errorCode: string, message: string, parameterName?: string): object {
  const item = parameterName === undefined ? { errorCode, message } : { errorCode, message, parameterName };
  return parameterName === undefined ? { errorCode, message, errors: [item] } : { errorCode, message, errors: [item], parameterName };
}

/** Shorthand: throw a platform error. */
export function fail(status: number, errorCode: string, message: string, parameterName?: string): never {
  throw new SimHttpError(status, rcError(errorCode, message, parameterName));
}

/** CMN-101: the generic "Parameter [x] value is invalid" RingCentral answers to bad input. */
export function invalidParameter(parameterName: string, detail?: string): never {
  const message = `Parameter [${parameterName}] value is invalid${detail ? `: ${detail}` : ''}`;
  throw new SimHttpError(400, rcError('CMN-101', message, parameterName));
}

/** CMN-102: "Resource for parameter [x] is not found". */
export function notFound(parameterName: string): never {
  throw new SimHttpError(404, rcError('CMN-102', `Resource for parameter [${parameterName}] is not found`, parameterName));
}

/**
 * OAuth endpoints answer with `error` (RFC 6749) next to RingCentral's `errors[]`
 * (spec: components/responses/OauthInvalidRequest). The OAU-xxx codes are UNCONFIRMED.
 */
export function oauthError(status: number, error: string, errorCode: string, description: string): never {
  throw new SimHttpError(status, { error, error_description: description, errors: [{ errorCode, message: description }] });
}

/** RingCX error body (`{errorCode, generalMessage, ...}`, RINGCENTRAL.md §10). */
export function ringcxError(status: number, errorCode: string, generalMessage: string, requestUri: string): never {
  throw new SimHttpError(status, { timestamp: Date.now(), errorCode, generalMessage, details: [], requestUri });
}
