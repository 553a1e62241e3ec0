/** The account domain's public face. */
export { endSignInsOf } from './sign-out-everywhere';
export { exportAccount } from './export';
export { deleteAccount } from './delete-account';
export { confirmCurrentPassword } from './current-password';
export { changeLogin } from './credentials';
export { changePassword } from './credentials';
