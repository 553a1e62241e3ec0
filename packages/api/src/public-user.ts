import type { UserDoc } from '@studysync/db';

/** What any client may see of the signed-in student: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  username: string;
  timeZone: string;
  createdAt: string;
}

export function toPublicUser(user: UserDoc): PublicUser {
  return {
    id: user._id.toHexString(),
    email: user.email,
    username: user.username,
    timeZone: user.timeZone,
    createdAt: user.createdAt.toISOString(),
  };
}
