import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, REQUIRED_IN_PRODUCTION } from '../src/config.js';

/**
 * render.yaml is only exercised by Render when it is synced, i.e. after a merge. These checks catch at
 * PR time what the schema cannot: dangling references, a required variable missing from a cron job, a
 * command the CLI does not have, deprecated fields, secrets committed as values.
 */

const repoRoot = new URL('../', import.meta.url);
const readRepoFile = (path: string) => readFileSync(new URL(path, repoRoot), 'utf8');

// The schema is Render's (no licence), kept beside the repo in ../shared, not in it. CI downloads the
// live file and points RENDER_SCHEMA_PATH at it.
const schemaPath =
  process.env.RENDER_SCHEMA_PATH ?? fileURLToPath(new URL('../shared/schemas/render.schema.json', repoRoot));

// ---------------------------------------------------------------------------------------------------
// Blueprint shape (as far as these checks need it; the schema validates the rest first).

interface EnvVar {
  key?: string;
  value?: string | number;
  generateValue?: boolean;
  sync?: boolean;
  previewValue?: string | number;
  fromDatabase?: { name: string; property: string };
  fromService?: { type: string; name: string; property?: string; envVarKey?: string };
  fromGroup?: string;
}
interface Service {
  type: string;
  name: string;
  runtime?: string;
  plan?: string;
  region?: string;
  branch?: string;
  buildCommand?: string;
  startCommand?: string;
  preDeployCommand?: string;
  schedule?: string;
  healthCheckPath?: string;
  autoDeployTrigger?: string;
  ipAllowList?: unknown[];
  envVars?: EnvVar[];
}
interface Database {
  name: string;
  region?: string;
  plan?: string;
  previewPlan?: string;
  postgresMajorVersion?: string;
  ipAllowList?: unknown[];
  readReplicas?: Array<{ name?: string }>;
}
interface Group {
  name: string;
  envVars: EnvVar[];
}
interface Blueprint {
  services?: Service[];
  databases?: Database[];
  envVarGroups?: Group[];
}

const rawBlueprint: unknown = parse(readRepoFile('render.yaml'));
const blueprint = rawBlueprint as Blueprint;
const services = blueprint.services ?? [];
const databases = blueprint.databases ?? [];
const groups = blueprint.envVarGroups ?? [];
const webService = services.find((s) => s.type === 'web' && s.runtime !== 'static');
const cronJobs = services.filter((s) => s.type === 'cron');
const clone = (): Blueprint => structuredClone(blueprint);

// ---------------------------------------------------------------------------------------------------
// Checks. Each returns the list of problems, so the negative tests below can prove it bites.

type JsonSchema = Record<string, unknown>;

function schemaErrors(schema: JsonSchema, doc: unknown): string[] {
  // strictTypes off: Render's schema has `required` without `type: object` in places, which strict
  // mode rejects (render-blueprint.md §2). Formats off: ajv ships none, and the live schema may add some.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, validateFormats: false });
  const validate = ajv.compile(schema);
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

const DB_PROPERTIES = new Set(['connectionString', 'host', 'port', 'user', 'password', 'database']);
const SERVICE_PROPERTIES: Record<string, ReadonlySet<string>> = {
  keyvalue: new Set(['connectionString', 'host', 'port']),
  web: new Set(['host', 'port', 'hostport']),
  pserv: new Set(['host', 'port', 'hostport']),
};

function referenceProblems(bp: Blueprint): string[] {
  const problems: string[] = [];
  const dbNames = new Set<string>();
  for (const db of bp.databases ?? []) {
    dbNames.add(db.name);
    for (const replica of db.readReplicas ?? []) if (replica.name) dbNames.add(replica.name);
  }
  const groupNames = new Set((bp.envVarGroups ?? []).map((g) => g.name));
  const all = [...(bp.services ?? []).map((s) => s.name), ...(bp.databases ?? []).map((d) => d.name)];
  for (const name of new Set(all)) {
    if (all.filter((n) => n === name).length > 1) problems.push(`name "${name}" is defined twice`);
  }
  const groupList = (bp.envVarGroups ?? []).map((g) => g.name);
  for (const name of new Set(groupList)) {
    if (groupList.filter((n) => n === name).length > 1) problems.push(`group "${name}" is defined twice`);
  }
  for (const service of bp.services ?? []) {
    const seenKeys = new Set<string>();
    for (const v of service.envVars ?? []) {
      const where = `${service.name}: ${v.key ?? `fromGroup ${v.fromGroup}`}`;
      if (v.key) {
        if (seenKeys.has(v.key)) problems.push(`${where} is set twice`);
        seenKeys.add(v.key);
      }
      if (v.fromDatabase) {
        if (!dbNames.has(v.fromDatabase.name))
          problems.push(`${where}: no database "${v.fromDatabase.name}"`);
        if (!DB_PROPERTIES.has(v.fromDatabase.property)) {
          problems.push(`${where}: databases have no property "${v.fromDatabase.property}"`);
        }
      }
      if (v.fromService) {
        const { type, name, property, envVarKey } = v.fromService;
        const target = (bp.services ?? []).find((s) => s.name === name);
        if (!target) problems.push(`${where}: no service "${name}"`);
        else if (target.type !== type && !(type === 'keyvalue' && target.type === 'redis')) {
          problems.push(`${where}: service "${name}" is a ${target.type}, not a ${type}`);
        }
        if (property && !SERVICE_PROPERTIES[type]?.has(property)) {
          problems.push(`${where}: a ${type} has no property "${property}"`);
        }
        if (!property && !envVarKey) problems.push(`${where}: fromService needs property or envVarKey`);
      }
      if (v.fromGroup !== undefined && !groupNames.has(v.fromGroup)) {
        problems.push(`${service.name}: no environment group "${v.fromGroup}"`);
      }
    }
  }
  return problems;
}

/**
 * Keys Render will actually set on the service. A `sync: false` entry inside a group does not count:
 * Render ignores those (blueprint-spec); they only list what an operator types into the Dashboard.
 */
function providedKeys(bp: Blueprint, service: Service): Set<string> {
  const keys = new Set<string>();
  for (const v of service.envVars ?? []) {
    if (
      v.key &&
      (v.value !== undefined || v.generateValue || v.fromDatabase || v.fromService || v.sync === false)
    ) {
      keys.add(v.key);
    }
    if (v.fromGroup !== undefined) {
      const group = (bp.envVarGroups ?? []).find((g) => g.name === v.fromGroup);
      for (const gv of group?.envVars ?? []) {
        if (gv.key && (gv.value !== undefined || gv.generateValue)) keys.add(gv.key);
      }
    }
  }
  return keys;
}

function requiredVariableProblems(bp: Blueprint, required: readonly string[]): string[] {
  const problems: string[] = [];
  const targets = (bp.services ?? []).filter(
    (s) => s.type === 'cron' || (s.type === 'web' && s.runtime !== 'static'),
  );
  for (const service of targets) {
    const provided = providedKeys(bp, service);
    for (const key of required) if (!provided.has(key)) problems.push(`${service.name} does not get ${key}`);
  }
  return problems;
}

const CLI = ['node bin/railtape.js', 'npx railtape', 'railtape'];

/** Splits `a && b` and maps each railtape invocation to its command-table entry (or a problem). */
function cliInvocations(
  command: string,
  table: readonly string[],
): { commands: string[]; problems: string[] } {
  const commands: string[] = [];
  const problems: string[] = [];
  if (/[;|`$<>]|\|\|/.test(command)) problems.push(`"${command}": only "a && b" chains are expected`);
  for (const segment of command.split('&&').map((s) => s.trim().replace(/\s+/g, ' '))) {
    const prefix = CLI.find((p) => segment === p || segment.startsWith(`${p} `));
    if (!prefix) {
      problems.push(`"${segment}" does not run the railtape CLI`);
      continue;
    }
    const words = segment.slice(prefix.length).trim().split(' ').filter(Boolean);
    // Longest match first: "worker parse" before "worker".
    const match = [words.slice(0, 2).join(' '), words[0] ?? ''].find((c) => c && table.includes(c));
    if (match) commands.push(match);
    else problems.push(`"${segment}": "${words.join(' ')}" is not a railtape command`);
  }
  return { commands, problems };
}

function npmBuildProblems(
  service: Service,
  provided: Set<string>,
  scripts: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const build = service.buildCommand ?? '';
  for (const m of build.matchAll(/npm run ([\w:-]+)/g)) {
    if (m[1] && !scripts[m[1]]) problems.push(`${service.name}: package.json has no script "${m[1]}"`);
  }
  // With NODE_ENV=production set, npm ci omits devDependencies, where tsc and vite live.
  if (provided.has('NODE_ENV') && /npm ci(?![^&]*--include=dev)/.test(build)) {
    problems.push(
      `${service.name}: NODE_ENV=production makes "npm ci" skip devDependencies: add --include=dev`,
    );
  }
  return problems;
}

const ALWAYS_DEPRECATED = new Set([
  'env',
  'autoDeploy',
  'previewsEnabled',
  'previewsExpireAfterDays',
  'pullRequestPreviewsEnabled',
]);
const LEGACY_DB_PLANS = new Set(['starter', 'standard', 'pro', 'pro plus']);

/** Properties the schema itself marks `deprecated: true`, per definition (and `#root`). */
function deprecatedBySchema(schema: JsonSchema): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const collect = (name: string, props: unknown) => {
    const keys = new Set<string>();
    for (const [key, def] of Object.entries((props ?? {}) as Record<string, { deprecated?: boolean }>)) {
      if (def?.deprecated === true) keys.add(key);
    }
    out.set(name, keys);
  };
  collect('#root', schema.properties);
  const defs = (schema.definitions ?? schema.$defs ?? {}) as Record<string, { properties?: unknown }>;
  for (const [name, def] of Object.entries(defs)) collect(name, def.properties);
  return out;
}

function deprecatedFields(doc: unknown, schema: JsonSchema): string[] {
  const found: string[] = [];
  const bySchema = deprecatedBySchema(schema);
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (ALWAYS_DEPRECATED.has(key)) found.push(`${path}.${key}`);
      if (key === 'type' && value === 'redis') found.push(`${path}.type: redis (use keyvalue)`);
      walk(value, `${path}.${key}`);
    }
  };
  walk(doc, '');
  const bp = doc as Blueprint & Record<string, unknown>;
  for (const key of bySchema.get('#root') ?? []) if (key in bp) found.push(`.${key}`);
  for (const [i, s] of (bp.services ?? []).entries()) {
    const def =
      s.type === 'keyvalue' || s.type === 'redis'
        ? 'redisServer'
        : s.type === 'cron'
          ? 'cronService'
          : s.runtime === 'static'
            ? 'staticService'
            : 'serverService';
    for (const key of bySchema.get(def) ?? []) if (key in s) found.push(`.services[${i}].${key}`);
  }
  for (const [i, db] of (bp.databases ?? []).entries()) {
    for (const key of bySchema.get('database') ?? []) if (key in db) found.push(`.databases[${i}].${key}`);
    for (const field of ['plan', 'previewPlan'] as const) {
      const plan = db[field];
      if (plan && LEGACY_DB_PLANS.has(plan)) found.push(`.databases[${i}].${field}: legacy plan "${plan}"`);
    }
  }
  return found;
}

/** Names that hold credentials. Anything matching must never carry a committed value. */
const SECRET_KEY = /SECRET|TOKEN|PASSWORD|PRIVATE|API_KEY|CLIENT_ID|_KEY$/;
// Public by design or generated by Render (generateValue), never typed in.
const NOT_SECRET = new Set(['VAPID_PUBLIC_KEY']);

function secretProblems(bp: Blueprint): string[] {
  const problems: string[] = [];
  const check = (owner: string, v: EnvVar, inGroup: boolean) => {
    if (!v.key) return;
    const secret = SECRET_KEY.test(v.key) && !NOT_SECRET.has(v.key);
    if (v.value !== undefined && secret) problems.push(`${owner}.${v.key} commits a value for a secret`);
    if (v.previewValue !== undefined && secret)
      problems.push(`${owner}.${v.key} commits a previewValue for a secret`);
    if (inGroup && secret && !v.generateValue && v.sync !== false) {
      problems.push(`${owner}.${v.key} must be declared with sync: false (entered in the Dashboard)`);
    }
    if (inGroup && v.sync === false && (v.value !== undefined || v.generateValue)) {
      problems.push(`${owner}.${v.key} is sync: false and also has a value`);
    }
  };
  for (const g of bp.envVarGroups ?? []) for (const v of g.envVars) check(`envVarGroups.${g.name}`, v, true);
  for (const s of bp.services ?? []) for (const v of s.envVars ?? []) check(`services.${s.name}`, v, false);
  return problems;
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Z]{3}(-[A-Z]{3})?$/;
const isCronExpression = (s: string) => {
  const fields = s.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD.test(f));
};

/** The command table: imported from the CLI; read from its source while its imports are still in flux. */
async function loadCommandTable(): Promise<readonly string[]> {
  try {
    const cli = await import('../src/cli.js');
    return cli.COMMANDS;
  } catch (err) {
    const source = readRepoFile('src/cli.ts');
    const literal = /export const COMMANDS\s*=\s*\[([\s\S]*?)\]/.exec(source)?.[1];
    if (!literal)
      throw new Error(`src/cli.ts does not export COMMANDS (import failed: ${(err as Error).message})`);
    console.warn(`COMMANDS read from the src/cli.ts source; importing it failed: ${(err as Error).message}`);
    return [...literal.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
  }
}

// ---------------------------------------------------------------------------------------------------

describe('render.yaml', () => {
  it(`finds Render's JSON Schema (${schemaPath})`, () => {
    // Without it every schema test below would be meaningless; say where it is expected.
    expect(
      existsSync(schemaPath),
      `missing ${schemaPath}: put ../shared beside the repo or set RENDER_SCHEMA_PATH`,
    ).toBe(true);
  });

  const schema = (existsSync(schemaPath) ? JSON.parse(readFileSync(schemaPath, 'utf8')) : {}) as JsonSchema;

  it('validates against the schema (ajv Ajv2020, strict)', () => {
    expect(schemaErrors(schema, rawBlueprint)).toEqual([]);
  });

  it('uses no deprecated field (env, redis, autoDeploy, previewsEnabled, legacy plans, schema-marked)', () => {
    expect(deprecatedFields(rawBlueprint, schema)).toEqual([]);
  });

  it('defines every referenced database, service and group, each name once', () => {
    expect(referenceProblems(blueprint)).toEqual([]);
  });

  it('has the expected resources: a Node web service, two cron jobs, Postgres, Key Value', () => {
    expect(webService?.runtime).toBe('node');
    expect(cronJobs).toHaveLength(2);
    expect(cronJobs.every((c) => c.runtime === 'node')).toBe(true);
    expect(databases).toHaveLength(1);
    expect(services.filter((s) => s.type === 'keyvalue')).toHaveLength(1);
  });

  it(`provides ${REQUIRED_IN_PRODUCTION.join(', ')} to the web service and every cron job`, () => {
    expect(requiredVariableProblems(blueprint, REQUIRED_IN_PRODUCTION)).toEqual([]);
  });

  it('runs real railtape commands: serve; migrate then selftest before deploy; one worker per cron', async () => {
    const table = await loadCommandTable();
    expect(table).toContain('serve');
    const start = cliInvocations(webService?.startCommand ?? '', table);
    const preDeploy = cliInvocations(webService?.preDeployCommand ?? '', table);
    expect([...start.problems, ...preDeploy.problems]).toEqual([]);
    expect(start.commands).toEqual(['serve']);
    expect(preDeploy.commands).toEqual(['migrate', 'selftest']);
    const workers = cronJobs.map((c) => cliInvocations(c.startCommand ?? '', table));
    expect(workers.flatMap((w) => w.problems)).toEqual([]);
    expect(workers.map((w) => w.commands).sort()).toEqual([['worker parse'], ['worker reminders']]);
    // The CLI the commands go through is the one package.json publishes as `railtape`.
    const pkg = JSON.parse(readRepoFile('package.json')) as { bin?: Record<string, string> };
    expect(pkg.bin?.railtape).toBe('bin/railtape.js');
    expect(existsSync(new URL('bin/railtape.js', repoRoot))).toBe(true);
  });

  it('builds every Node service with a real script, keeping devDependencies under NODE_ENV=production', () => {
    const pkg = JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> };
    const nodeServices = [webService, ...cronJobs].filter((s): s is Service => s !== undefined);
    for (const s of nodeServices) {
      expect(providedKeys(blueprint, s).has('NODE_ENV'), `${s.name} NODE_ENV`).toBe(true);
      expect(s.buildCommand).toMatch(/npm run build/);
    }
    expect(nodeServices.flatMap((s) => npmBuildProblems(s, providedKeys(blueprint, s), pkg.scripts))).toEqual(
      [],
    );
    // The crons run the same build as the web service.
    expect(new Set(nodeServices.map((s) => s.buildCommand)).size).toBe(1);
  });

  it('declares every group secret with sync: false and commits no secret value anywhere', () => {
    expect(secretProblems(blueprint)).toEqual([]);
    const groupKeys = groups.flatMap((g) => g.envVars.map((v) => v.key));
    // The third-party credentials the config knows about are all listed for the Dashboard.
    for (const key of [
      'SPOTIFY_CLIENT_ID',
      'SPOTIFY_CLIENT_SECRET',
      'GOOGLE_ROUTES_API_KEY',
      'OJP_TOKEN',
      'VAPID_PRIVATE_KEY',
    ]) {
      expect(groupKeys).toContain(key);
    }
  });

  it('generates SESSION_SECRET and TOKEN_ENCRYPTION_KEY once, in a group every service shares', () => {
    for (const key of ['SESSION_SECRET', 'TOKEN_ENCRYPTION_KEY']) {
      const owners = groups.filter((g) => g.envVars.some((v) => v.key === key && v.generateValue === true));
      expect(owners, key).toHaveLength(1);
      // Per-service generateValue would give the web service and the crons different keys.
      expect(services.flatMap((s) => (s.envVars ?? []).filter((v) => v.key === key))).toEqual([]);
      for (const s of [webService, ...cronJobs]) {
        expect(
          s?.envVars?.some((v) => v.fromGroup === owners[0]?.name),
          `${s?.name} links ${key}`,
        ).toBe(true);
      }
    }
  });

  it("accepts what Render's generateValue produces (base64 of 256 random bits) in the config", () => {
    const bytes = randomBytes(32);
    for (const generated of [bytes.toString('base64'), bytes.toString('base64url')]) {
      expect(() =>
        loadConfig({
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://u:p@db/railtape',
          PUBLIC_URL: 'https://railtape.onrender.com',
          SESSION_SECRET: generated,
          TOKEN_ENCRYPTION_KEY: generated,
        }),
      ).not.toThrow();
    }
  });

  it('pins Node 22 in NODE_VERSION, in agreement with .node-version', () => {
    const fileVersion = readRepoFile('.node-version').trim();
    const values = groups.flatMap((g) =>
      g.envVars.filter((v) => v.key === 'NODE_VERSION').map((v) => String(v.value)),
    );
    expect(values).toEqual([fileVersion]);
    expect(fileVersion.split('.')[0]).toBe('22');
  });

  it('deploys the web service safely: health check, paid plan for preDeploy, checks-gated auto-deploy', () => {
    expect(webService?.healthCheckPath).toBe('/healthz');
    expect(webService?.plan).toBeDefined();
    expect(webService?.plan).not.toBe('free');
    for (const s of [webService, ...cronJobs]) {
      expect(['commit', 'checksPass'], `${s?.name}`).toContain(s?.autoDeployTrigger);
      // A pinned branch would make preview environments build it instead of the PR branch.
      expect(s?.branch, `${s?.name}`).toBeUndefined();
    }
  });

  it('schedules both crons with valid 5-field UTC expressions on a paid plan', () => {
    for (const c of cronJobs) {
      expect(isCronExpression(c.schedule ?? ''), `${c.name}: "${c.schedule}"`).toBe(true);
      expect(c.plan).not.toBe('free');
    }
  });

  it('keeps everything in one region with private-only data stores', () => {
    const regions = new Set([...services.map((s) => s.region), ...databases.map((d) => d.region)]);
    expect([...regions]).toEqual(['frankfurt']);
    for (const db of databases) {
      expect(db.ipAllowList).toEqual([]);
      // `[]` destroys every existing replica on the next sync.
      if (db.readReplicas !== undefined) expect(db.readReplicas.length).toBeGreaterThan(0);
    }
    for (const kv of services.filter((s) => s.type === 'keyvalue'))
      expect(Array.isArray(kv.ipAllowList)).toBe(true);
  });

  it('tests against the Postgres major that production runs (ci.yml service image)', () => {
    const ci = parse(readRepoFile('.github/workflows/ci.yml')) as {
      jobs: Record<string, { services?: Record<string, { image: string }>; steps: Array<{ run?: string }> }>;
    };
    const job = Object.values(ci.jobs)[0];
    const pgImage = job?.services?.postgres?.image ?? '';
    expect(pgImage.split(':')[1]?.split('.')[0]).toBe(databases[0]?.postgresMajorVersion);
    const runs = (job?.steps ?? []).map((s) => s.run ?? '').join('\n');
    // CI is `bash .ci/run`, the script a development machine runs; it runs the deploy gate and the
    // README's test command.
    expect(runs).toMatch(/^bash \.ci\/run$/m);
    const script = readRepoFile('.ci/run');
    for (const command of (webService?.preDeployCommand ?? '').split('&&'))
      expect(script).toContain(command.trim());
    expect(script).toMatch(/^npm test\b/m);
  });
});

// The checks above pass on the real file; these show each one would fail on a broken file.
describe('render.yaml checks catch mistakes', () => {
  const schema = (existsSync(schemaPath) ? JSON.parse(readFileSync(schemaPath, 'utf8')) : {}) as JsonSchema;

  it('schema: rejects `env: node` and a Key Value without ipAllowList', () => {
    const withEnv = clone();
    const first = withEnv.services?.[0] as (Service & { env?: string }) | undefined;
    if (first) first.env = 'node';
    expect(schemaErrors(schema, withEnv).length).toBeGreaterThan(0);
    const kv = clone();
    for (const s of kv.services ?? []) if (s.type === 'keyvalue') delete s.ipAllowList;
    expect(schemaErrors(schema, kv).length).toBeGreaterThan(0);
  });

  it('deprecated: finds autoDeploy, type redis and a legacy database plan', () => {
    const bad = clone();
    const web = bad.services?.find((s) => s.type === 'web') as
      | (Service & { autoDeploy?: boolean })
      | undefined;
    if (web) web.autoDeploy = true;
    const kv = bad.services?.find((s) => s.type === 'keyvalue');
    if (kv) kv.type = 'redis';
    const db = bad.databases?.[0];
    if (db) db.plan = 'starter';
    const found = deprecatedFields(bad, schema).join('\n');
    expect(found).toMatch(/autoDeploy/);
    expect(found).toMatch(/redis/);
    expect(found).toMatch(/legacy plan "starter"/);
  });

  it('references: finds a missing database, group and key-value service', () => {
    const bad = clone();
    const web = bad.services?.find((s) => s.type === 'web');
    web?.envVars?.push(
      { key: 'X', fromDatabase: { name: 'nope-db', property: 'connectionString' } },
      { fromGroup: 'nope-group' },
      { key: 'Y', fromService: { type: 'keyvalue', name: 'nope-kv', property: 'connectionString' } },
    );
    const problems = referenceProblems(bad).join('\n');
    expect(problems).toMatch(/nope-db/);
    expect(problems).toMatch(/nope-group/);
    expect(problems).toMatch(/nope-kv/);
  });

  it('required variables: a cron without the core group misses them, group sync:false does not count', () => {
    const bad = clone();
    const cron = bad.services?.find((s) => s.type === 'cron');
    if (cron) cron.envVars = (cron.envVars ?? []).filter((v) => v.fromGroup !== 'railtape-core');
    expect(requiredVariableProblems(bad, REQUIRED_IN_PRODUCTION)).toContain(
      `${cron?.name} does not get PUBLIC_URL`,
    );
    const onlyDeclared = clone();
    onlyDeclared.envVarGroups?.push({ name: 'x', envVars: [{ key: 'OJP_TOKEN', sync: false }] });
    const web = onlyDeclared.services?.find((s) => s.type === 'web');
    expect(
      web && providedKeys(onlyDeclared, { ...web, envVars: [{ fromGroup: 'x' }] }).has('OJP_TOKEN'),
    ).toBe(false);
  });

  it('commands: flags a typo, a foreign binary and a shell trick', () => {
    const table = ['serve', 'migrate', 'worker parse', 'worker reminders', 'selftest'];
    expect(cliInvocations('node bin/railtape.js sreve', table).problems).toHaveLength(1);
    expect(cliInvocations('node dist/server.js', table).problems).toHaveLength(1);
    expect(cliInvocations('node bin/railtape.js worker', table).problems).toHaveLength(1);
    expect(
      cliInvocations('node bin/railtape.js migrate; node bin/railtape.js selftest', table).problems,
    ).not.toEqual([]);
    expect(cliInvocations('node bin/railtape.js worker reminders', table)).toEqual({
      commands: ['worker reminders'],
      problems: [],
    });
  });

  it('build: flags npm ci without --include=dev under NODE_ENV=production', () => {
    const s: Service = { type: 'web', name: 'w', buildCommand: 'npm ci && npm run build' };
    expect(npmBuildProblems(s, new Set(['NODE_ENV']), { build: 'tsc' })).toHaveLength(1);
    expect(
      npmBuildProblems({ ...s, buildCommand: 'npm ci --include=dev && npm run bulid' }, new Set(), {}),
    ).toHaveLength(1);
  });

  it('secrets: flags a committed secret value and a group secret without sync: false', () => {
    const bad = clone();
    const spotify = bad.envVarGroups?.find((g) => g.name === 'railtape-spotify');
    if (spotify)
      spotify.envVars = [{ key: 'SPOTIFY_CLIENT_SECRET', value: 'abc' }, { key: 'SPOTIFY_CLIENT_ID' }];
    const problems = secretProblems(bad).join('\n');
    expect(problems).toMatch(/SPOTIFY_CLIENT_SECRET commits a value/);
    expect(problems).toMatch(/SPOTIFY_CLIENT_ID must be declared with sync: false/);
  });

  it('cron expressions: rejects six fields and garbage', () => {
    expect(isCronExpression('*/5 * * * *')).toBe(true);
    expect(isCronExpression('0 6 * * MON-FRI')).toBe(true);
    expect(isCronExpression('0 */5 * * * *')).toBe(false);
    expect(isCronExpression('every minute')).toBe(false);
  });
});
