import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replaceReference } from '../src/config/reference';
import { slackManifestFromRegistry, teamsManifestFromRegistry } from './registry-manifests';

/** `npm run docs`: everything written from the code (the settings reference, the manifests' command lists). */
const root = resolve(__dirname, '..');
const rewrite = (path: string, change: (text: string) => string, what: string) => {
  const file = resolve(root, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
  console.log(`${path}: ${what} updated`);
};
rewrite('README.md', replaceReference, 'configuration reference');
rewrite('manifest/teams/manifest.json', teamsManifestFromRegistry, 'command lists');
rewrite('manifest/slack/manifest.yml', slackManifestFromRegistry, 'usage hint');
