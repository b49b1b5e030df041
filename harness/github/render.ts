import { createHash } from "node:crypto";
import type {
  CommentRecord,
  CommitRecord,
  DeploymentRecord,
  GitPerson,
  PullRecord,
  ReactionRecord,
  StatusRecord,
  Store,
} from "./store.ts";

// Renders records as GitHub's JSON, with every URL rooted at the stand-in.

const KNOWN_USER_IDS: Record<string, number> = { octocat: 1, "github-actions[bot]": 41898282 };

export function userId(login: string): number {
  return (
    KNOWN_USER_IDS[login] ??
    1000 + Number.parseInt(createHash("sha1").update(login).digest("hex").slice(0, 7), 16)
  );
}

/** GitHub's legacy node id: base64 of "0<length>:<Type><id>". */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

export class Renderer {
  readonly store: Store;
  readonly base: string;

  constructor(store: Store, base: string) {
    this.store = store;
    this.base = base;
  }

  get repoApi(): string {
    return `${this.base}/repos/${this.store.owner}/${this.store.repo}`;
  }

  get repoHtml(): string {
    return `${this.base}/${this.store.owner}/${this.store.repo}`;
  }

  user(login: string): Record<string, unknown> {
    const id = userId(login);
    const bot = login.endsWith("[bot]");
    const api = `${this.base}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id,
      node_id: nodeId(bot ? "Bot" : "User", id),
      avatar_url: `${this.base}/avatars/u/${id}?v=4`,
      gravatar_id: "",
      url: api,
      html_url: bot ? `${this.base}/apps/${login.slice(0, -5)}` : `${this.base}/${login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: bot ? "Bot" : "User",
      user_view_type: "public",
      site_admin: false,
    };
  }

  deployment(d: DeploymentRecord): Record<string, unknown> {
    const url = `${this.repoApi}/deployments/${d.id}`;
    return {
      url,
      id: d.id,
      node_id: nodeId("Deployment", d.id),
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: structuredClone(d.payload),
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: this.store.iso(d.createdAt),
      updated_at: this.store.iso(d.updatedAt),
      statuses_url: `${url}/statuses`,
      repository_url: this.repoApi,
      transient_environment: d.transientEnvironment,
      production_environment: d.productionEnvironment,
      performed_via_github_app: null,
    };
  }

  status(s: StatusRecord): Record<string, unknown> {
    const deploymentUrl = `${this.repoApi}/deployments/${s.deploymentId}`;
    return {
      url: `${deploymentUrl}/statuses/${s.id}`,
      id: s.id,
      node_id: nodeId("DeploymentStatus", s.id),
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: this.store.iso(s.createdAt),
      updated_at: this.store.iso(s.createdAt),
      deployment_url: deploymentUrl,
      repository_url: this.repoApi,
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: null,
    };
  }

  gitRef(ref: string, sha: string): Record<string, unknown> {
    return {
      ref,
      node_id: nodeId("Ref", Buffer.from(ref).toString("hex")),
      url: `${this.repoApi}/git/${ref}`,
      object: { type: "commit", sha, url: `${this.repoApi}/git/commits/${sha}` },
    };
  }

  person(p: GitPerson): { name: string; email: string; date: string } {
    return { name: p.name, email: p.email, date: this.store.iso(p.date) };
  }

  /** The noreply address GitHub gives a user's web and API commits. */
  noreplyEmail(login: string): string {
    return `${userId(login)}+${login}@users.noreply.github.com`;
  }

  verification(): Record<string, unknown> {
    return { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };
  }

  treeRef(sha: string): { sha: string; url: string } {
    return { sha, url: `${this.repoApi}/git/trees/${sha}` };
  }

  // https://docs.github.com/rest/git/commits#get-a-commit-object
  gitCommit(c: CommitRecord): Record<string, unknown> {
    return {
      sha: c.sha,
      node_id: nodeId("Commit", c.sha),
      url: `${this.repoApi}/git/commits/${c.sha}`,
      html_url: `${this.repoHtml}/commit/${c.sha}`,
      author: this.person(c.author),
      committer: this.person(c.committer),
      tree: this.treeRef(c.tree),
      message: c.message,
      parents: c.parents.map((sha) => ({
        sha,
        url: `${this.repoApi}/git/commits/${sha}`,
        html_url: `${this.repoHtml}/commit/${sha}`,
      })),
      verification: this.verification(),
    };
  }

  commit(c: CommitRecord): Record<string, unknown> {
    return {
      url: `${this.repoApi}/commits/${c.sha}`,
      sha: c.sha,
      node_id: nodeId("Commit", c.sha),
      html_url: `${this.repoHtml}/commit/${c.sha}`,
      comments_url: `${this.repoApi}/commits/${c.sha}/comments`,
      commit: {
        url: `${this.repoApi}/git/commits/${c.sha}`,
        author: this.person(c.author),
        committer: this.person(c.committer),
        message: c.message,
        comment_count: 0,
        tree: this.treeRef(c.tree),
        verification: this.verification(),
      },
      author: this.user(c.user),
      committer: this.user(c.user),
      parents: c.parents.map((sha) => ({
        sha,
        url: `${this.repoApi}/commits/${sha}`,
        html_url: `${this.repoHtml}/commit/${sha}`,
      })),
      stats: { total: 0, additions: 0, deletions: 0 },
      files: [],
    };
  }

  comment(c: CommentRecord): Record<string, unknown> {
    const url = `${this.repoApi}/issues/comments/${c.id}`;
    const counts: Record<string, number> = {
      "+1": 0,
      "-1": 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes: 0,
      rocket: 0,
    };
    let total = 0;
    for (const r of this.store.reactions) {
      if (r.commentId !== c.id) continue;
      counts[r.content] = (counts[r.content] ?? 0) + 1;
      total++;
    }
    return {
      id: c.id,
      node_id: nodeId("IssueComment", c.id),
      url,
      html_url: `${this.repoHtml}/issues/${c.issueNumber}#issuecomment-${c.id}`,
      body: c.body,
      user: this.user(c.user),
      created_at: this.store.iso(c.createdAt),
      updated_at: this.store.iso(c.updatedAt),
      issue_url: `${this.repoApi}/issues/${c.issueNumber}`,
      author_association: c.authorAssociation,
      performed_via_github_app: null,
      reactions: { url: `${url}/reactions`, total_count: total, ...counts },
    };
  }

  reaction(r: ReactionRecord): Record<string, unknown> {
    return {
      id: r.id,
      node_id: nodeId("Reaction", r.id),
      user: this.user(r.user),
      content: r.content,
      created_at: this.store.iso(r.createdAt),
    };
  }

  collaboratorPermission(login: string): Record<string, unknown> {
    const { permission, roleName } = this.store.permissionOf(login);
    const rank = ["none", "read", "triage", "write", "maintain", "admin"];
    const level = rank.indexOf(roleName === "" ? "none" : roleName);
    // GitHub Enterprise Server before 3.5 sends neither role_name (ghes-3.4.json in @octokit/openapi 10.0.0).
    const named = this.store.roleNames ? { role_name: roleName } : {};
    return {
      permission,
      ...named,
      user: {
        ...this.user(login),
        permissions: {
          admin: level >= 5,
          maintain: level >= 4,
          push: level >= 3,
          triage: level >= 2,
          pull: level >= 1,
        },
        ...named,
      },
    };
  }

  repository(fork: boolean, forkOwner: string): Record<string, unknown> {
    const owner = fork ? forkOwner : this.store.owner;
    const name = this.store.repo;
    const api = `${this.base}/repos/${owner}/${name}`;
    const html = `${this.base}/${owner}/${name}`;
    const created = this.store.iso(this.store.now() - 365 * 24 * 3600 * 1000);
    const id = userId(`${owner}/${name}`);
    return {
      id,
      node_id: nodeId("Repository", id),
      name,
      full_name: `${owner}/${name}`,
      owner: this.user(owner),
      private: this.store.visibility === "private",
      visibility: this.store.visibility,
      html_url: html,
      description: null,
      fork,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `git:${html.replace(/^https?:/, "")}.git`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@stand-in:${owner}/${name}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      hooks_url: `${api}/hooks`,
      svn_url: html,
      homepage: null,
      language: "TypeScript",
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 100,
      default_branch: this.store.defaultBranch,
      open_issues_count: this.store.issues.size,
      open_issues: this.store.issues.size,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      license: null,
      pushed_at: created,
      created_at: created,
      updated_at: created,
      allow_forking: true,
      web_commit_signoff_required: false,
    };
  }

  pull(p: PullRecord): Record<string, unknown> {
    const api = `${this.repoApi}/pulls/${p.number}`;
    const html = `${this.repoHtml}/pull/${p.number}`;
    const issue = `${this.repoApi}/issues/${p.number}`;
    const headOwner = p.fork ? p.author : this.store.owner;
    const baseSha = this.store.resolve(p.baseRef) ?? p.headSha;
    const created = this.store.iso(p.createdAt);
    const closed = p.state === "closed" ? created : null;
    return {
      url: api,
      id: p.number + 500_000_000,
      node_id: nodeId("PullRequest", p.number),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issue,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${this.repoApi}/pulls/comments{/number}`,
      comments_url: `${issue}/comments`,
      statuses_url: `${this.repoApi}/statuses/${p.headSha}`,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: this.user(p.author),
      body: p.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: created,
      updated_at: created,
      closed_at: closed,
      merged_at: p.merged ? created : null,
      merge_commit_sha: p.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: {
        label: `${headOwner}:${p.headRef}`,
        ref: p.headRef,
        sha: p.headSha,
        user: this.user(headOwner),
        repo: this.repository(p.fork, headOwner),
      },
      base: {
        label: `${this.store.owner}:${p.baseRef}`,
        ref: p.baseRef,
        sha: baseSha,
        user: this.user(this.store.owner),
        repo: this.repository(false, this.store.owner),
      },
      _links: {
        self: { href: api },
        html: { href: html },
        issue: { href: issue },
        comments: { href: `${issue}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: `${this.repoApi}/pulls/comments{/number}` },
        commits: { href: `${api}/commits` },
        statuses: { href: `${this.repoApi}/statuses/${p.headSha}` },
      },
      author_association: this.store.associationOf(p.author),
      auto_merge: null,
      draft: p.draft,
      merged: p.merged,
      mergeable: p.state === "open" ? true : null,
      rebaseable: p.state === "open" ? true : null,
      mergeable_state: p.state === "open" ? "clean" : "unknown",
      merged_by: p.merged ? this.user(this.store.owner) : null,
      comments: this.store.comments.filter((c) => c.issueNumber === p.number).length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: 1,
      deletions: 0,
      changed_files: 1,
    };
  }
}
