// A private-registry stand-in for the install test: serves the packed @golden-path tarballs as npm
// packuments (the way a company registry would) so the README's `yarn add` lines run unchanged. The
// adopter's app points only the @golden-path scope at it; everything else comes from npm.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';

function manifestOf(file) {
  const json = execFileSync(
    'tar',
    ['xzf', file, '-O', 'package/package.json'],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(json);
}

/** Starts the registry on a free port; packs are { name, version, file }. */
export async function startRegistry(packs) {
  const byName = new Map();
  for (const pack of packs) {
    const data = readFileSync(pack.file);
    byName.set(pack.name, {
      manifest: manifestOf(pack.file),
      data,
      shasum: createHash('sha1').update(data).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
    });
  }
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(
      new URL(req.url, 'http://x').pathname,
    ).slice(1);
    requests.push(`${req.method} /${path}`);
    const tarball = /^(.+)\/-\/[^/]+\.tgz$/.exec(path);
    const entry = byName.get(tarball ? tarball[1] : path);
    if (!entry) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_found' }));
      return;
    }
    if (tarball) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(entry.data);
      return;
    }
    const { manifest } = entry;
    const base = `http://127.0.0.1:${server.address().port}`;
    const file = `${manifest.name.split('/').pop()}-${manifest.version}.tgz`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        name: manifest.name,
        'dist-tags': { latest: manifest.version },
        time: { [manifest.version]: new Date(0).toISOString() },
        versions: {
          [manifest.version]: {
            ...manifest,
            dist: {
              tarball: `${base}/${manifest.name}/-/${file}`,
              shasum: entry.shasum,
              integrity: entry.integrity,
            },
          },
        },
      }),
    );
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
