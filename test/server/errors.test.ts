import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../server/errors.js';

describe('coded errors', () => {
  it('carry the field and what is wrong with it as properties, not only in the message', () => {
    const error = new ValidationError('receivedAt', 'is not a real date: 2031-13-01');
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      field: 'receivedAt',
      fieldMessage: 'is not a real date: 2031-13-01',
      message: 'receivedAt: is not a real date: 2031-13-01',
    });
    const conflict = new ConflictError('a company named "Shell" already exists', 'name', 'DUPLICATE');
    expect(conflict).toMatchObject({ statusCode: 409, field: 'name', code: 'DUPLICATE' });
    expect(conflict.fieldMessage).toBe('a company named "Shell" already exists');
    expect(new ForbiddenError().fieldMessage).toBe('Your role does not allow this');
  });
});
