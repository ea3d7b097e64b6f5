// `npm start`: installs dependencies if needed, then runs the backend (:7007) and the app (:3000)
// on embedded SQLite, in plan mode, with guest sign-in. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();

const children = ['backend', 'app'].map(workspace =>
  spawn('npm', ['run', 'start', '--workspace', workspace], {
    stdio: 'inherit',
    detached: false,
  }),
);
console.error(
  'Golden Path: backend on http://localhost:7007, app on http://localhost:3000 (sign in as guest)',
);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGINT');
  setTimeout(() => process.exit(code), 2000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const child of children) child.on('exit', code => stop(code ?? 1));
