/** Reading a Rocket.Chat-style MONGO_URL: a MongoDB connection string whose path names the database. */

/** MONGO_URL is missing, malformed or names no database; the message says how to write it. */
export class MongoUrlError extends Error {}

/** A parsed MONGO_URL. */
export interface RocketChatMongoUrl {
  url: string;
  dbName: string;
  /** host[:port] list for messages, without credentials. */
  hosts: string;
}

const EXAMPLE = 'e.g. mongodb://localhost:27017/rocketchat?replicaSet=rs0';
// scheme://[user[:password]@]host[:port][,host[:port]…][/database][?options]
const MONGO_URL = /^(mongodb(?:\+srv)?):\/\/(?:[^@/?]*@)?([^/?@]+)(?:\/([^?]*))?(?:\?.*)?$/;

/** Parses MONGO_URL; throws MongoUrlError naming the problem and the expected form (never echoing credentials). */
export function parseMongoUrl(url: string | undefined, variable = 'MONGO_URL'): RocketChatMongoUrl {
  const text = url?.trim();
  if (!text) throw new MongoUrlError(`${variable} is not set: set it to Rocket.Chat's MongoDB URL, ${EXAMPLE}.`);
  const match = MONGO_URL.exec(text);
  if (!match?.[2]) {
    throw new MongoUrlError(`${variable} is not a MongoDB URL: use the form ${EXAMPLE}.`);
  }
  let dbName: string;
  try {
    dbName = decodeURIComponent(match[3] ?? '');
  } catch {
    throw new MongoUrlError(`${variable} has a badly escaped database name: use the form ${EXAMPLE}.`);
  }
  if (!dbName) {
    throw new MongoUrlError(`${variable} names no database: add the database Rocket.Chat uses as the URL's path, ${EXAMPLE}.`);
  }
  return { url: text, dbName, hosts: match[2] };
}
