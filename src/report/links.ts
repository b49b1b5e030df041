// Links from the summary to the versions on GitHub: each commit, and the comparison with the baseline.

/** The repository's web address, from the run's (…/owner/repo/actions/runs/…), so GHES works as github.com does. */
function repoUrl(runUrl: string): string | undefined {
  const m = /^(https?:\/\/.+?\/[^/]+\/[^/]+)\/actions\/runs\//.exec(runUrl);
  return m?.[1];
}

/** The commit, linked to its page when the repository's address is known. */
export function commitLink(runUrl: string, sha: string): string {
  const repo = repoUrl(runUrl);
  return repo ? `[\`${sha}\`](${repo}/commit/${sha})` : `\`${sha}\``;
}

/** The baseline's commit and the comparison of the two versions, what a reviewer of the change reads. */
export function baselineLinks(runUrl: string, baseline: string, sha: string): string {
  const repo = repoUrl(runUrl);
  const link = commitLink(runUrl, baseline);
  return repo ? `${link} · [compare](${repo}/compare/${baseline}...${sha})` : link;
}
