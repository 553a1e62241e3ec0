/** Accounts' sign-in: passwords, session tokens and cookies, the sign-in throttle, live sign-ins. */
export { forgetSignedInUser, forgetSignIn, isSignInLive, liveSignIn, type LiveSignIn } from './live-sign-ins';
export { assertAcceptablePassword } from './password-rules';
export {
  createPasswordHasher,
  PRODUCTION_LOG2_COST,
  type PasswordHasher,
  type PasswordHashingSettings,
} from './password';
export { hashSessionToken, readCookie, SESSION_COOKIE } from './session-token';
export { endSession, startSession, type CookieWriter } from './sign-in';
export { reserveSignInAttempt, type SignInAttempt } from './throttle';
export { clearedSessionCookie } from './session-token';
