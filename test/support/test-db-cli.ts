/**
 * `npm run test-db -- build memory|ferretdb`: builds an engine into the cache (CI does this before the tests);
 * `npm run test-db -- start [memory|ferretdb]`: runs one until Ctrl-C, printing its URL.
 */
import { type Engine, buildFerretEngine, buildMemoryEngine, engineFromEnv, startTestDb } from './test-db.js';

const [verb, name] = process.argv.slice(2);
const engine = (name ?? engineFromEnv()) as Engine;
if (engine !== 'memory' && engine !== 'ferretdb') {
  console.error(`unknown engine "${engine}": use memory or ferretdb`);
  process.exit(2);
}
try {
  if (verb === 'build') {
    const started = Date.now();
    await (engine === 'memory' ? buildMemoryEngine(process.env) : buildFerretEngine(process.env));
    console.log(`${engine} engine ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else if (verb === 'start') {
    const db = await startTestDb(engine);
    console.log(db.url);
    const stop = async () => {
      await db.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } else {
    console.error('usage: npm run test-db -- build|start [memory|ferretdb]');
    process.exit(2);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
