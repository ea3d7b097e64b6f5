import { PassThrough } from 'node:stream';
import { main } from './index';

async function runMain(argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as string[], err: [] as string[] };
  out.on('data', d => chunks.out.push(String(d)));
  err.on('data', d => chunks.err.push(String(d)));
  const code = await main(argv, { out, err });
  return { code, out: chunks.out.join(''), err: chunks.err.join('') };
}

// What each command's --help must mention: its arguments and options.
const HELP: Record<string, string[]> = {
  login: ['--url <backend>', '--guest', '--with-token', '--no-browser'],
  logout: ['--url <backend>'],
  whoami: ['--url <backend>', '--json'],
  templates: ['--all', '--json', '--url <backend>'],
  describe: ['<template>', '--environment <name>', '--json'],
  run: [
    '<template>',
    '--set <key=value>',
    '-f, --values <file>',
    '--dry-run',
    '--no-wait',
    'GOLDEN_PATH_SECRET_<NAME>',
    '2  refused by a Golden Path guardrail',
  ],
  status: ['[task]', '--limit <n>', '--all', '--json'],
  logs: ['<task>', '-f, --follow', '2  refused by a Golden Path guardrail'],
  evaluate: ['<file>', '--json', '- kind: s3-bucket'],
  exception: ['request [options] <file>', 'list [options]', 'approve', 'deny'],
  tickets: ['import [options] <file>', 'types [options]', 'docs/tickets.md'],
  lint: [
    '[paths...]',
    '--config <file>',
    '--actions <file>',
    '--max-warnings <n>',
  ],
};

describe('golden-path --help', () => {
  it('lists every command with the exit codes and environment', async () => {
    const { code, out } = await runMain(['--help']);
    expect(code).toBe(0);
    for (const command of Object.keys(HELP))
      expect(out).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(out).toContain('GOLDEN_PATH_TOKEN');
    expect(out).toContain('0  done');
  });

  it.each(Object.entries(HELP))(
    '%s --help names its arguments and options',
    async (command, expected) => {
      const { code, out } = await runMain([command, '--help']);
      expect(code).toBe(0);
      expect(out).toContain(`Usage: golden-path ${command} `);
      for (const text of expected) expect(out).toContain(text);
    },
  );

  it('exits 1 on an unknown command or option, saying so', async () => {
    const unknown = await runMain(['deploy']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("unknown command 'deploy'");
    const option = await runMain(['run', 's3-bucket', '--sett', 'x=1']);
    expect(option.code).toBe(1);
    expect(option.err).toContain("unknown option '--sett'");
  });
});
