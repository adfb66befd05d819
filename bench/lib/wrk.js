// wrk runs and the figures read from its output.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

export function checkWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    if (err.code === 'ENOENT') {
      console.error('wrk is not installed: run `apt-get install wrk`');
      process.exit(1);
    }
  }
}

/** A wrk Lua script that sends each request with the next cookie of the list (many sessions in rotation). */
export function rotatingCookiesScript(file, cookies) {
  const list = cookies.map((c) => `"${c.replace(/[\\"]/g, '')}"`).join(',\n');
  writeFileSync(file, `local cookies = {\n${list}\n}\nlocal i = 0\nrequest = function()\n  i = i % #cookies + 1\n  wrk.headers["Cookie"] = cookies[i]\n  return wrk.format(nil)\nend\n`);
  return file;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz on Linux)
}

/** Asynchronous, so a core running in this process could keep serving. With `pid`, also the server's CPU time per request. */
export async function wrk(url, { duration, connections, script, header, pid }) {
  const args = ['-t2', `-c${connections}`, `-d${duration}`, '--latency', ...(script ? ['-s', script] : []), ...(header ? ['-H', header] : []), url];
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const { stdout: out } = await promisify(execFile)('wrk', args, { encoding: 'utf8' });
  const requests = Number(/(\d+) requests in/.exec(out)[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
  return {
    cpuUsPerRequest: pid ? ((cpuSeconds(pid) - cpuBefore) * 1e6) / requests : NaN,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    p99ms: Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]],
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors: .*?timeout (\d+)/.exec(out)?.[1] ?? 0),
  };
}

/** The run with the median requests/s. */
export const median = (runs) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
