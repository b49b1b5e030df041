// What a provider's recordings module exports: where each recorded answer comes from, and how to cut the
// small fixture the tests replay out of the vendor's file (a cassette, a test body, an API model).

/** A file in a vendor's public repository, pinned to a commit so a refresh is reproducible. */
export interface RecordingSource {
  /** owner/name on GitHub. */
  repository: string;
  /** Full 40-character commit SHA. */
  commit: string;
  /** Path of the file inside the repository. */
  path: string;
}

/** What a fixture holds besides its source; its shape is the provider's own (request, response, …). */
export type FixtureBody = Record<string, unknown>;

export interface Recording {
  /** File name under harness/recorded/<provider>/, without `.json`. */
  name: string;
  /** One line: what the answer shows and why the tests need it. */
  about: string;
  source: RecordingSource;
  /** Cuts the fixture out of the source file's text; throws when the file no longer holds it. */
  extract(text: string): FixtureBody;
}

/** The committed fixture: the body plus where it came from. */
export interface Fixture extends FixtureBody {
  about: string;
  source: RecordingSource;
}
