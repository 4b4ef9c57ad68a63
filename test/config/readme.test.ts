import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replaceReference } from '../../src/config/reference';
import { SETTING_NAMES } from '../../src/config/settings';
import { ACTION_PERMISSIONS } from '../../src/defender/permissions';

const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

describe('README', () => {
  it('has the configuration reference of the current settings (run `npm run docs` after changing one)', () => {
    expect(readme).toBe(replaceReference(readme));
    for (const name of SETTING_NAMES) expect(readme).toContain(`\`${name}\``);
  });

  it('has a Quick start with exactly two commands', () => {
    const quick = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const commands = [...quick.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(commands).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  it('names the permission of every response action', () => {
    for (const need of Object.values(ACTION_PERMISSIONS)) expect(readme).toContain(need.permission);
  });
});
