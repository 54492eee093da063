#!/usr/bin/env node
// Part of `npm run build`: dumps an empty, migrated PGlite data directory to dist/pglite-seed.tar, so
// the first `npm start` on an empty DATA_DIR loads it instead of running initdb (src/db/pglite-seed.ts).
import { PGLITE_SEED_FILE, writePgliteSeed } from '../dist/db/pglite-seed.js';

const bytes = await writePgliteSeed();
process.stdout.write(`pglite seed: ${PGLITE_SEED_FILE} (${Math.round(bytes / 1024)} KiB)\n`);
