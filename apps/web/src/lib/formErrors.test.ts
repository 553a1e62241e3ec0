import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { issuesToFieldErrors, toFormErrors } from './formErrors';

function serverError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } });
}

const fields = ['email', 'username', 'password'] as const;

describe('toFormErrors', () => {
  it('puts field errors for known fields beside them, first message only', () => {
    const error = serverError('Invalid input: email: bad', {
      code: 'BAD_REQUEST',
      httpStatus: 400,
      fieldErrors: { email: ['Enter a valid email address', 'second'], username: ['Too short'] },
    });
    expect(toFormErrors(error, fields)).toEqual({
      message: null,
      fieldErrors: { email: 'Enter a valid email address', username: 'Too short' },
    });
  });

  it('shows errors about fields the form does not have as the form message', () => {
    const error = serverError('Invalid input: timeZone: Unknown time zone', {
      code: 'BAD_REQUEST',
      fieldErrors: { timeZone: ['Unknown time zone'] },
    });
    expect(toFormErrors(error, fields)).toEqual({ message: 'Unknown time zone', fieldErrors: {} });
  });

  it('uses the server message for errors without fields', () => {
    const error = serverError('Wrong email/username or password', { code: 'UNAUTHORIZED', httpStatus: 401 });
    expect(toFormErrors(error, fields)).toEqual({ message: 'Wrong email/username or password', fieldErrors: {} });
  });

  it('never shows internal error text or raw validation JSON', () => {
    const internal = serverError('TypeError: x is undefined', { code: 'INTERNAL_SERVER_ERROR' });
    expect(toFormErrors(internal, fields).message).toBe('Something went wrong. Please try again.');
    const raw = serverError('[{"code":"too_small"}]', { code: 'BAD_REQUEST' });
    expect(toFormErrors(raw, fields).message).toBe('Something went wrong. Please try again.');
  });

  it('explains failures that never reached the API', () => {
    const offline = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(toFormErrors(offline, fields).message).toMatch(/Can't reach StudySync/);
    expect(toFormErrors(new Error('weird'), fields).message).toBe('Something went wrong. Please try again.');
  });
});

describe('issuesToFieldErrors', () => {
  it('keeps the first issue per top-level field', () => {
    expect(
      issuesToFieldErrors([
        { path: ['username'], message: 'Too short' },
        { path: ['username'], message: 'Bad characters' },
        { path: ['password'], message: 'Too short' },
        { path: [], message: 'Form-wide' },
      ]),
    ).toEqual({ username: 'Too short', password: 'Too short' });
  });
});
