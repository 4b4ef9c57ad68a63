import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SETTINGS } from '../../src/config/settings';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name?: string;
  base: string;
  instructions: Instruction[];
}

/** Dockerfile -> stages of instructions (comments dropped, "\" continuations joined). */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!op || args === undefined) throw new Error(`unparsable Dockerfile line: ${line}`);
    if (op.toUpperCase() === 'FROM') {
      const [, base, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ base: base!, name, instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

const args = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

/** The stage and the stages it is built FROM, nearest first. */
function lineage(stages: Stage[], stage: Stage): Stage[] {
  const parent = stages.find((s) => s.name === stage.base);
  return parent ? [stage, ...lineage(stages, parent)] : [stage];
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const byName = (name: string) => stages.find((s) => s.name === name)!;
  const runs = (stage: Stage) => args(stage, 'RUN').join('\n');

  it('is multi-stage, with a node:20-bookworm-slim runtime', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.base).toBe('node:20-bookworm-slim');
    expect(stages.every((s) => s.name)).toBe(true);
  });

  it('builds with npm ci and npm run build, copying what the build script reads', () => {
    const build = stages.find((s) => /\bnpm run build\b/.test(runs(s)));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
    const all = lineage(stages, build!);
    expect(all.some((s) => /\bnpm ci(?!\s+--omit)/.test(runs(s)))).toBe(true);
    const copied = all.flatMap((s) => args(s, 'COPY')).join(' ');
    const buildScript = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.build!;
    const tsconfig = /-p\s+(\S+)/.exec(buildScript)![1]!;
    const base = (JSON.parse(read(tsconfig)) as { extends?: string }).extends;
    for (const file of [tsconfig, base, 'package-lock.json', 'src'].filter((f): f is string => !!f)) {
      expect(copied).toContain(file.replace(/^\.\//, ''));
    }
  });

  it('takes production dependencies from npm ci --omit=dev, compiled where the build tools are, never in the runtime', () => {
    const copies = args(runtime, 'COPY');
    const modules = copies.find((c) => /node_modules/.test(c));
    const from = /--from=(\S+)/.exec(modules ?? '')?.[1];
    expect(from).toBeDefined();
    const deps = lineage(stages, byName(from!));
    expect(deps.some((s) => /\bnpm ci --omit=dev\b/.test(runs(s)))).toBe(true);
    for (const tool of ['python3', 'make', 'g++']) {
      expect(deps.some((s) => new RegExp(`apt-get install[^\\n]*\\s${tool.replace('+', '\\+')}(\\s|$)`).test(runs(s)))).toBe(true);
    }
    // Same base as the runtime, so the compiled better-sqlite3 matches its Node ABI and glibc.
    expect(deps.at(-1)!.base).toBe(runtime.base);
    expect(runs(runtime)).not.toMatch(/apt-get install|g\+\+|python3/);
  });

  it('ships the compiled code and the CLI that starts it', () => {
    const copies = args(runtime, 'COPY').join('\n');
    expect(copies).toMatch(/--from=\S+\s+\S*\/dist\s/);
    expect(copies).toMatch(/\bbin\b/);
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
    expect(Object.values(pkg.bin)).toContain('bin/defender-chatops.js');
    expect(args(runtime, 'CMD')).toEqual(['["node", "bin/defender-chatops.js", "start"]']);
  });

  it('runs as a non-root user, with /data as a volume and port 3978', () => {
    const users = args(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const ops = runtime.instructions.map((i) => i.op);
    expect(ops.indexOf('USER')).toBeGreaterThan(ops.lastIndexOf('RUN'));
    expect(args(runtime, 'ENV').join(' ')).toMatch(/\bDATA_DIR=\/data\b/);
    expect(args(runtime, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(args(runtime, 'VOLUME').join(' ')).toContain('/data');
    expect(args(runtime, 'EXPOSE')).toEqual(['3978']);
  });

  it('checks /healthz with node (the slim image has no curl)', () => {
    const [check] = args(runtime, 'HEALTHCHECK');
    expect(check).toBeDefined();
    const cmd = /\bCMD\s+(\[.*\])$/.exec(check!)?.[1];
    const argv = JSON.parse(cmd!) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.join(' ')).toContain("path:'/healthz'");
    expect(check).not.toMatch(/curl|wget/);
  });

  it('keeps secrets, dependencies and git out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.git', '**/node_modules', 'dist', 'data', 'deploy', '**/*.env', '**/.env']) expect(ignored).toContain(entry);
  });
});

type Env = Record<string, string | number | boolean | null>;
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  deploy?: { replicas?: number };
  environment?: Env | string[];
  env_file?: string | string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
  command?: string[] | string;
}

function envOf(service: Service): Env {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

function envFileNames(text: string): Array<{ name: string; value: string }> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ name: l.slice(0, l.indexOf('=')), value: l.slice(l.indexOf('=') + 1) }));
}

const INTERPOLATION = /^\$\{[A-Z_][A-Z0-9_]*(:?[?-][^}]*)?\}$/;
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|KEY|AUTH/i;

describe('deploy/compose.yaml', () => {
  const composeText = read('deploy/compose.yaml');
  const compose = parseYaml(composeText) as { services: Record<string, Service> };
  const { bot, postgres, redis, lb } = compose.services;
  const example = envFileNames(read('deploy/bot.env.example'));
  // Read by compose for ${...} in compose.yaml, not by the bot.
  const COMPOSE_ONLY = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD'];

  it('runs two replicas of the image built from the Dockerfile', () => {
    expect(bot?.deploy?.replicas).toBe(2);
    expect(existsSync(join(ROOT, 'deploy', bot!.build!.context, bot!.build!.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(bot!.ports).toBeUndefined();
  });

  it('points the bot at postgres and redis, listening on all interfaces, and waits for them', () => {
    const env = envOf(bot!);
    expect(env.BIND_ADDRESS).toBe('0.0.0.0');
    expect(String(env.DATABASE_URL)).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\//);
    expect(String(env.REDIS_URL)).toMatch(/^redis:\/\/[^@]*@redis:6379\b/);
    expect(bot!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(Number(/^(\d+)s$/.exec(bot!.stop_grace_period ?? '')?.[1])).toBeGreaterThan(25);
  });

  it('runs postgres 16 and redis 7 with healthchecks', () => {
    expect(postgres?.image).toMatch(/^postgres:16\b/);
    expect(redis?.image).toMatch(/^redis:7\b/);
    expect(String(postgres!.healthcheck?.test)).toContain('pg_isready');
    expect(String(redis!.healthcheck?.test)).toContain('redis-cli ping');
  });

  it('puts a load balancer on 3978 with its config from deploy/, in front of healthy bots', () => {
    expect(lb?.ports).toEqual(['3978:3978']);
    expect(lb!.depends_on).toEqual({ bot: { condition: 'service_healthy' } });
    const mount = lb!.volumes!.find((v) => v.startsWith('./'))!;
    const config = read(join('deploy', mount.split(':')[0]!));
    expect(config).toMatch(/server bot:3978\b/);
    expect(config).toMatch(/proxy_pass http:\/\/bot;/);
    expect(config).toMatch(/listen 3978;/);
  });

  it('holds no secret values: secrets come from the env file or ${...} references', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, raw] of Object.entries(envOf(service))) {
        const value = String(raw ?? '');
        if (SECRET_NAME.test(key)) expect(`${name}.${key}=${value}`).toMatch(new RegExp(`=${INTERPOLATION.source.slice(1)}`));
        const password = /:\/\/[^:@/]*:([^@]*)@/.exec(value)?.[1];
        if (password !== undefined) expect(`${name}.${key} password ${password}`).toMatch(new RegExp(` password ${INTERPOLATION.source.slice(1)}`));
      }
      const command = [service.command ?? []].flat().join(' ');
      if (command.includes('requirepass')) expect(command).toMatch(/--requirepass\s+"?\$\$\{?[A-Z_]/);
    }
    expect(bot!.env_file).toBe('bot.env');
  });

  it('documents every variable blank in bot.env.example, and every ${...} reference is one of them', () => {
    expect(example.length).toBeGreaterThan(0);
    for (const { name, value } of example) expect(`${name}=${value}`).toBe(`${name}=`);
    const names = example.map((e) => e.name);
    const referenced = [...composeText.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!);
    expect([...new Set(referenced)].sort()).toEqual([...COMPOSE_ONLY].sort());
    for (const name of referenced) expect(names).toContain(name);
    for (const required of [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'ACTION_SIGNING_KEY',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'SLACK_ALLOWED_TEAMS',
    ]) {
      expect(names).toContain(required);
    }
  });

  it.each([...new Set([...Object.keys(envOf(bot!)), ...example.map((e) => e.name)])].filter((n) => !COMPOSE_ONLY.includes(n)))(
    '%s is a setting in src/config/settings.ts',
    (name) => {
      expect(Object.keys(SETTINGS)).toContain(name);
    },
  );
});
