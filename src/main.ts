import { main } from './cli.js';

const code = await main(process.argv.slice(2));
// `serve` keeps running (-1); everything else ends with its exit code once handles close.
if (code >= 0) process.exitCode = code;
