/** Named domain errors; only app.onError maps them to HTTP statuses. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 429,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super(`${what} not found`, 404);
  }
}

/** `reason` is a message key of the i18n catalogue, shown to the person. */
export class ForbiddenError extends DomainError {
  constructor(readonly reason: string = 'error.forbidden.body') {
    super(`forbidden: ${reason}`, 403);
  }
}

export class ConflictError extends DomainError {
  constructor(readonly reason: string = 'error.conflict.body') {
    super(`conflict: ${reason}`, 409);
  }
}

/** Field name → message key. */
export type FieldErrors = Record<string, string>;

export class InvalidInputError extends DomainError {
  constructor(readonly fields: FieldErrors) {
    super(`invalid input: ${Object.keys(fields).join(', ')}`, 422);
  }
}

export class BadRequestError extends DomainError {
  constructor(readonly reason: string = 'error.badRequest.body') {
    super(`bad request: ${reason}`, 400);
  }
}

export class RateLimitedError extends DomainError {
  /** `reason`: a message key saying which limit, with `{count}` minutes to wait; without, the generic wait. */
  constructor(
    readonly retryAfterSeconds: number,
    readonly reason?: string,
  ) {
    super('rate limited', 429);
  }
}
