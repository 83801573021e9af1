/**
 * A service a mode cannot give (REST-only mode, issue 18): each call answers one line saying it needs Rocket.Chat's
 * database (`needs-database`: MONGO_URL). The bot's own data never lacks: without INFOBOT_MONGO_URL it is the data file.
 */
import { UserError } from './errors.js';

/** The stand-in for a service whose members are all async methods. */
export function unavailable<T extends object>(what: string, code: 'needs-database'): T {
  // A Proxy keeps the stand-in in step with the services' interfaces; `then` stays absent so it is not a thenable.
  return new Proxy({} as T, {
    get: (_target, member) =>
      member === 'then'
        ? undefined
        : async () => {
            throw new UserError(code, { what });
          },
  });
}
