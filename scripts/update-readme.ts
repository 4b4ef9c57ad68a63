import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replaceReference } from '../src/config/reference';

const path = resolve(__dirname, '..', 'README.md');
writeFileSync(path, replaceReference(readFileSync(path, 'utf8')));
console.log('README.md configuration reference updated');
