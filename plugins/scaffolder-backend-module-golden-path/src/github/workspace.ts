import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A file of a new repository's first commit. */
export interface RepoFile {
  path: string;
  content: Buffer;
}

const MAX_FILES = 1000;
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * A `sourcePath` the template names is not in the workspace: a template bug, or the workspace was
 * lost (a task resumed on a fresh work folder skips the completed step that rendered it).
 */
export class MissingSourceError extends Error {
  constructor(readonly sourcePath: string) {
    super(`The folder ${sourcePath} is not in this task's workspace`);
    this.name = 'MissingSourceError';
  }
}

/**
 * Files under `workspace/sourcePath` (no .git), for the repository's first commit. A named
 * `sourcePath` must exist and hold files (`MissingSourceError`); without one, the whole
 * workspace is read and may be empty.
 */
export async function readWorkspaceFiles(
  workspacePath: string,
  sourcePath?: string,
): Promise<RepoFile[]> {
  const root = resolveSafeChildPath(workspacePath, sourcePath ?? '.');
  const files = await readTree(root);
  if (sourcePath !== undefined && !files.length)
    throw new MissingSourceError(sourcePath);
  return files;
}

async function readTree(root: string): Promise<RepoFile[]> {
  const files: RepoFile[] = [];
  let bytes = 0;
  async function walk(dir: string) {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e: any) {
      if (e.code === 'ENOENT') return;
      throw e;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const content = await fs.readFile(full);
        bytes += content.length;
        files.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          content,
        });
        if (files.length > MAX_FILES || bytes > MAX_BYTES) {
          throw new Error(
            `The initial content is larger than ${MAX_FILES} files or ${
              MAX_BYTES / 1024 / 1024
            } MB; push it with git instead`,
          );
        }
      }
    }
  }
  await walk(root);
  return files;
}
