/** An error whose message is meant for the user as it stands (no stack trace, no "Error:"). */
export class UserError extends Error {
  override name = 'UserError';
}
