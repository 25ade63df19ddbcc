// dockerfile-utils, dockerfile-ast and dockerfile-language-service can throw on hostile text (a first line
// ` ARG V=$V` overflows the stack in dockerfile-ast). Every call into them goes through `guarded`: a failure
// costs that one feature for that one request, never our diagnostics or another file, and is logged once
// per feature so a document that keeps failing cannot flood the output channel.
export class ThirdPartyGuard {
  private readonly reported = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  guarded<T>(feature: string, uri: string, fallback: T, compute: () => T): T {
    try {
      return compute();
    } catch (error) {
      this.report(feature, uri, error);
      return fallback;
    }
  }

  /** Logs a feature's failure, the first time that feature fails. */
  report(feature: string, uri: string, error: unknown): void {
    if (this.reported.has(feature)) return;
    this.reported.add(feature);
    this.log(`${feature} failed on ${uri} and was skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
}
