import { describe, expect, it } from 'vitest';
import { MongoUrlError, parseMongoUrl } from '../../src/db/mongo-url.js';

describe('reading MONGO_URL', () => {
  it.each([
    ['mongodb://localhost:27017/rocketchat', 'rocketchat', 'localhost:27017'],
    ['mongodb://user:s3cret@db1:27017,db2:27017/rc_prod?replicaSet=rs0&authSource=admin', 'rc_prod', 'db1:27017,db2:27017'],
    ['mongodb+srv://user:pw@cluster0.example.net/rocketchat?retryWrites=true', 'rocketchat', 'cluster0.example.net'],
    ['  mongodb://127.0.0.1/my%20db  ', 'my db', '127.0.0.1'],
  ])('%s names database %s on %s', (url, dbName, hosts) => {
    expect(parseMongoUrl(url)).toMatchObject({ dbName, hosts });
  });

  it.each([
    [undefined, /MONGO_URL is not set/],
    ['', /MONGO_URL is not set/],
    ['http://localhost:27017/rocketchat', /MONGO_URL is not a MongoDB URL/],
    ['mongodb://localhost:27017', /MONGO_URL names no database/],
    ['mongodb://localhost:27017/?replicaSet=rs0', /MONGO_URL names no database/],
    ['mongodb://user:pw@/rocketchat', /MONGO_URL is not a MongoDB URL/],
  ])('refuses %j and says how to write it', (url, message) => {
    expect(() => parseMongoUrl(url)).toThrow(MongoUrlError);
    expect(() => parseMongoUrl(url)).toThrow(message);
    expect(() => parseMongoUrl(url)).toThrow(/e\.g\. mongodb:\/\/localhost:27017\/rocketchat/);
  });

  it('never repeats the password of a refused URL', () => {
    const error = (() => {
      try {
        parseMongoUrl('mongodb://admin:hunter2@host:27017');
      } catch (e) {
        return e as Error;
      }
    })();
    // Refused first: a URL that parsed would have no message to check.
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).not.toContain('hunter2');
  });
});
