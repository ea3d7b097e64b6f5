import { Octokit } from '@octokit/rest';
import { RepoFile } from './workspace';
import { repoPath, sendCall } from './calls';

/**
 * Commits files to a branch in one commit through the Git Data API (blobs, tree, commit, ref),
 * on top of the branch head. Returns the new commit sha.
 */
export async function commitFiles(
  octokit: Octokit,
  org: string,
  repo: string,
  branch: string,
  files: RepoFile[],
  message: string,
): Promise<string> {
  const head = await sendCall(octokit, {
    id: 'ref',
    method: 'GET',
    path: repoPath(org, repo, `/git/ref/heads/${branch}`),
    purpose: 'read the branch head',
  });
  const tree = [];
  for (const file of files) {
    const blob = await sendCall(octokit, {
      id: 'blob',
      method: 'POST',
      path: repoPath(org, repo, '/git/blobs'),
      body: { content: file.content.toString('base64'), encoding: 'base64' },
      purpose: `upload ${file.path}`,
    });
    tree.push({ path: file.path, mode: '100644', type: 'blob', sha: blob.sha });
  }
  const newTree = await sendCall(octokit, {
    id: 'tree',
    method: 'POST',
    path: repoPath(org, repo, '/git/trees'),
    body: { base_tree: head.object.sha, tree },
    purpose: 'build the tree',
  });
  const commit = await sendCall(octokit, {
    id: 'commit',
    method: 'POST',
    path: repoPath(org, repo, '/git/commits'),
    body: { message, tree: newTree.sha, parents: [head.object.sha] },
    purpose: 'commit',
  });
  await sendCall(octokit, {
    id: 'ref',
    method: 'PATCH',
    path: repoPath(org, repo, `/git/refs/heads/${branch}`),
    body: { sha: commit.sha, force: false },
    purpose: 'move the branch',
  });
  return commit.sha;
}
