import type { ApiDeps } from '../deps';

/**
 * What account changes need of the request asking for them. The tRPC context has this shape;
 * naming it here keeps the account domain free of tRPC.
 */
export interface AccountRequest {
  deps: ApiDeps;
  clientAddress: string;
  /** The sign-in making the change, which stays signed in (null when it is not a live one). */
  authTokenHash: string | null;
  setCookie(cookie: string): void;
}
