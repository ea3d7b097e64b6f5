// Runs a TypeScript benchmark from bench/ with the Backstage CLI's source transform.
require('@backstage/cli/config/nodeTransform.cjs');
const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error(
    'usage: node bench/run.cjs <guardrails|actions|metrics|dashboard|backfillHttp|burst> [args]',
  );
  process.exit(2);
}
process.argv = [process.argv[0], name, ...args];
require(`./${name}.ts`);
