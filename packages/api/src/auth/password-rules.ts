import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { fieldError } from '../errors';

// NIST 800-63B: refuse passwords that are common, guessable, or about the account itself. zxcvbn
// holds the breached-password and word lists; score 2 means about a million guesses or more.
const MIN_SCORE = 2;

let estimator: ZxcvbnFactory | undefined;
const strength = () =>
  (estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

/** Throws a `password` field error for a new password that must not be used. Sign-in never asks. */
export function assertAcceptablePassword(password: string, account: { username: string; email: string }): void {
  const lower = password.trim().toLowerCase();
  const email = account.email.toLowerCase();
  const own = [account.username.toLowerCase(), email, email.split('@')[0] ?? email];
  if (own.includes(lower)) {
    throw fieldError('BAD_REQUEST', 'password', 'Choose a password that is not your username or email');
  }
  if (strength().check(password, [account.username, account.email]).score < MIN_SCORE) {
    throw fieldError(
      'BAD_REQUEST',
      'password',
      'This password is too common or easy to guess: try a few unrelated words',
    );
  }
}
