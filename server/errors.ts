/** Errors services throw; one handler in app.ts maps them to JSON or an HTML page. */
export class AppError extends Error {
  constructor(
    message: string,
    public readonly statusCode: number,
    public readonly code: string,
    public readonly field?: string,
    /** What is wrong with `field`, without its name: for showing next to the field in a form. */
    public readonly fieldMessage: string = message,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, 400, 'VALIDATION_FAILED', field, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Log in to continue') {
    super(message, 401, 'UNAUTHORIZED');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this') {
    super(message, 403, 'FORBIDDEN');
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string | number) {
    super(id === undefined ? `${what} not found` : `${what} ${id} not found`, 404, 'NOT_FOUND');
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string, code = 'CONFLICT') {
    super(field ? `${field}: ${message}` : message, 409, code, field, message);
  }
}

/** What was here is deleted for good (an export file past its retention). */
export class GoneError extends AppError {
  constructor(message: string, code = 'GONE') {
    super(message, 410, code);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super(message, 429, 'TOO_MANY_REQUESTS');
  }
}
