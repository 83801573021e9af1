/** vitest globalSetup: one test database server for the whole run, shared by every test file. */
import type { TestProject } from 'vitest/node';
import { engineFromEnv, startTestDb } from './test-db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
    mongoEngine: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await startTestDb(engineFromEnv());
  project.provide('mongoUrl', db.url);
  project.provide('mongoEngine', db.engine);
  const stop = () => void db.stop();
  // An interrupted run must not leave the server behind.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await db.stop();
  };
}
