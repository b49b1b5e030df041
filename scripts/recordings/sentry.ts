// Sentry's release-health sessions endpoint as getsentry/sentry's own tests call it and assert its answers
// (tests/snuba/api/endpoints/test_organization_sessions.py): each fixture holds a test's requests (query
// parameters), the status asserted and the body asserted, read from the Python source. The sessions the tests
// store are in the file's setup_fixture; `about` says what matters of them.
// Two versions of the file: getsentry/sentry's at a 2021 commit (projects, the answer's shape, refusals), and
// a later one from a fork that carries upstream's history (statuses and users, where the 2021 version still
// counted crashed sessions as errored too: its test_groupby_status asserts errored 3 of 9 sessions beside
// crashed 1 and healthy 6; the later one asserts errored 2, so that the four statuses add up to the total).

import type { FixtureBody, Recording, RecordingSource } from "./types.ts";

const PATH = "tests/snuba/api/endpoints/test_organization_sessions.py";

const SOURCE: RecordingSource = {
  repository: "getsentry/sentry",
  commit: "40557fdb474e8cc80fc62ddb5d57138a738008c3",
  path: PATH,
};

/** victorelec14/sentry is a fork of getsentry/sentry; this commit holds the metrics-era version of the file. */
const LATER: RecordingSource = {
  repository: "victorelec14/sentry",
  commit: "225d454588fba541fb0ba77c70f6e58cd30bcc82",
  path: PATH,
};

/** A Python expression that is not a literal (`self.project1.id`), kept as its source text. */
interface PythonExpression {
  $python: string;
}

function isExpression(v: Literal): v is PythonExpression {
  return v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.$python === "string";
}

type Literal = null | boolean | number | string | Literal[] | { [key: string]: Literal } | PythonExpression;

/** Reads Python literals (dicts, lists, strings with implicit concatenation, numbers, None/True/False). */
class PythonReader {
  readonly text: string;
  pos: number;
  constructor(text: string, start: number) {
    this.text = text;
    this.pos = start;
  }

  private skip(): void {
    for (;;) {
      const m = /^(?:\s+|#[^\n]*)/.exec(this.text.slice(this.pos, this.pos + 200));
      if (!m || m[0] === "") return;
      this.pos += m[0].length;
    }
  }

  peek(): string {
    this.skip();
    return this.text[this.pos] ?? "";
  }

  expect(token: string): void {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) {
      throw new Error(`expected ${token} at ${this.where()}`);
    }
    this.pos += token.length;
  }

  where(): string {
    return JSON.stringify(this.text.slice(this.pos, this.pos + 40));
  }

  private string(): string {
    let out = "";
    while (this.peek() === '"' || this.peek() === "'") {
      const quote = this.text[this.pos] as string;
      let i = this.pos + 1;
      while (this.text[i] !== quote) {
        if (this.text[i] === "\\") {
          out += this.text[i + 1] ?? "";
          i += 2;
        } else {
          out += this.text[i] ?? "";
          i++;
        }
        if (i >= this.text.length) throw new Error("unterminated string");
      }
      this.pos = i + 1;
    }
    return out;
  }

  /** Source text up to the next comma or closing bracket at this level. */
  private expression(): PythonExpression {
    let depth = 0;
    const start = this.pos;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos] as string;
      if ("([{".includes(c)) depth++;
      else if (")]}".includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
    }
    return { $python: this.text.slice(start, this.pos).trim() };
  }

  value(): Literal {
    const c = this.peek();
    if (c === "{") {
      this.pos++;
      const out: Record<string, Literal> = {};
      while (this.peek() !== "}") {
        const key = this.value();
        if (typeof key !== "string") throw new Error(`a dict key that is not a string at ${this.where()}`);
        this.expect(":");
        out[key] = this.value();
        if (this.peek() === ",") this.pos++;
      }
      this.pos++;
      return out;
    }
    if (c === "[") {
      this.pos++;
      const out: Literal[] = [];
      while (this.peek() !== "]") {
        out.push(this.value());
        if (this.peek() === ",") this.pos++;
      }
      this.pos++;
      return out;
    }
    if (c === '"' || c === "'") return this.string();
    const number = /^-?\d+(?:\.\d+)?(?=\s*[,)\]}])/.exec(this.text.slice(this.pos, this.pos + 40));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    const word = /^(None|True|False)(?=\s*[,)\]}])/.exec(this.text.slice(this.pos, this.pos + 10));
    if (word) {
      this.pos += word[0].length;
      return word[1] === "None" ? null : word[1] === "True";
    }
    return this.expression();
  }
}

/** One call of the endpoint in a test: the query parameters, who asks, and the status and body asserted. */
interface Exchange {
  request: Literal;
  as?: string;
  status?: number;
  /** The whole body asserted, or (when the test asserts only them) its groups. */
  body?: Literal;
  groups?: Literal;
}

/** A test method's source, from `def name(self):` to the next method. */
function testBody(text: string, name: string): { body: string; frozenAt?: string } {
  const start = text.indexOf(`    def ${name}(self):`);
  if (start < 0) throw new Error(`no test ${name}`);
  const next = /\n {4}(?:def |@)/g;
  next.lastIndex = start + 1;
  const end = next.exec(text)?.index ?? text.length;
  const decorator = /@freeze_time\("([^"]+)"\)\s*$/.exec(text.slice(Math.max(0, start - 80), start));
  return { body: text.slice(start, end), ...(decorator && { frozenAt: decorator[1] }) };
}

function exchanges(body: string): Exchange[] {
  const out: Exchange[] = [];
  const calls = [...body.matchAll(/self\.do_request\(/g)].map((m) => m.index + m[0].length);
  calls.forEach((at, i) => {
    const reader = new PythonReader(body, at);
    const exchange: Exchange = { request: reader.value() };
    while (reader.peek() === ",") {
      reader.pos++;
      if (reader.peek() === ")") break;
      const kw = /^(\w+)=/.exec(body.slice(reader.pos));
      if (!kw) throw new Error(`unexpected argument at ${reader.where()}`);
      reader.pos += kw[0].length;
      const v = reader.value();
      if (kw[1] === "user" && isExpression(v)) exchange.as = v.$python;
    }
    const rest = body.slice(reader.pos, calls[i + 1] ?? body.length);
    const status = /assert response\.status_code == (\d+)/.exec(rest);
    if (status) exchange.status = Number(status[1]);
    const asserted = /assert (result_sorted\()?response\.data\)?(\["groups"\])? == /.exec(rest);
    if (asserted) {
      const value = new PythonReader(rest, asserted.index + asserted[0].length).value();
      if (asserted[2]) exchange.groups = value;
      else exchange.body = value;
    }
    out.push(exchange);
  });
  if (out.length === 0) throw new Error("the test makes no request");
  return out;
}

function fromTests(...names: string[]): (text: string) => FixtureBody {
  return (text) => ({
    tests: names.map((name) => {
      const { body, frozenAt } = testBody(text, name);
      return { test: name, ...(frozenAt && { frozenAt }), exchanges: exchanges(body) };
    }),
  });
}

export const recordings: Recording[] = [
  {
    name: "all-projects",
    about:
      "project=-1 asks every project the user can read: the 9 sessions of the organization's three projects, in the answer's full shape",
    source: SOURCE,
    extract: fromTests("test_timeseries_interval"),
  },
  {
    name: "member-without-teams",
    about:
      "project=-1 for a member who is on no team still reads all 9 sessions: -1 goes by access, not by team membership",
    source: SOURCE,
    extract: fromTests("test_user_all_accessible"),
  },
  {
    name: "no-projects",
    about: "project=-1 in an organization with no project the user can read: 400 No projects available",
    source: SOURCE,
    extract: fromTests("test_no_projects"),
  },
  {
    name: "sessions-by-status",
    about:
      "sum(session) grouped by session.status: one group per status, zeros included; the 9 sessions fall in exactly one each (1 crashed, 2 errored, 6 healthy)",
    source: LATER,
    extract: fromTests("test_groupby_status"),
  },
  {
    name: "users-by-status",
    about:
      "count_unique(user) in total and by status: each user counts in exactly one status, the worst of their sessions (ok+errored+crashed: crashed; ok+abnormal: abnormal), so the statuses add up to the total",
    source: LATER,
    extract: fromTests("test_users_groupby", "test_users_groupby_status_advanced"),
  },
  {
    name: "release-filter",
    about: 'query=release:"…" (quoted, and with or) selects a release\'s sessions',
    source: SOURCE,
    extract: fromTests("test_filter_release"),
  },
  {
    name: "refusals",
    about:
      "Requests Sentry refuses and the detail it gives: no field, an unknown field, too many points, a project out of reach",
    source: SOURCE,
    extract: fromTests(
      "test_empty_request",
      "test_unknown_field",
      "test_too_many_points",
      "test_inaccessible_project",
    ),
  },
];
