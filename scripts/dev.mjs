// `npm run dev`: the API with reload (tsx watch) on PORT (3000) and Vite with HMR on 5173, proxying /api.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const port = process.env.PORT ?? '3000';
const env = {
  ...process.env,
  PORT: port,
  API_PORT: port,
  APP_URL: process.env.APP_URL ?? 'http://localhost:5173',
};
// The tools' own scripts under this Node: no npx (an npm process each) between us and them.
const bin = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const run = (args) => spawn(process.execPath, args, { stdio: 'inherit', env });
const children = [
  run([bin('tsx/dist/cli.mjs'), 'watch', '--clear-screen=false', 'src/hosts/node/entry.ts']),
  run([bin('vite/bin/vite.js'), '--port', '5173', '--strictPort']),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
