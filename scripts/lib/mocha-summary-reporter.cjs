// Mocha's spec output, plus the counts written as JSON to $LAYERWISE_SUMMARY for scripts/test-all.sh's totals,
// and the slowest top-level suites (hooks included) at the end: where a stage's minutes go, for whoever makes
// the suite faster. Plain JavaScript so it works before (or without) `npm run compile-tests`.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;
const SLOWEST_SHOWN = 8;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const seconds = [];
    // A top-level suite is one whose parent is the root (in --parallel runs, each file's root).
    const topLevel = (suite) => suite.parent && suite.parent.root;
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (topLevel(suite)) started.set(suite.fullTitle(), Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const title = suite.fullTitle();
      if (topLevel(suite) && started.has(title)) seconds.push([title, (Date.now() - started.get(title)) / 1000]);
    });
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      // On CI a test that could not run is a failure, not a quiet "pending".
      const strict = process.env.CI === 'true';
      const summary = { passed: passes, failed: failures + (strict ? pending : 0), pending };
      if (process.env.LAYERWISE_SUMMARY) writeFileSync(process.env.LAYERWISE_SUMMARY, JSON.stringify(summary));
      const slowest = seconds.sort((a, b) => b[1] - a[1]).slice(0, SLOWEST_SHOWN);
      // In --parallel runs a file's events arrive together when it ends: no durations to tell.
      if (slowest.length > 1 && !runner.isParallelMode()) {
        console.log('  slowest suites (s, hooks included):');
        for (const [title, s] of slowest) console.log(`  ${s.toFixed(1).padStart(7)}  ${title}`);
      }
    });
  }
}

module.exports = SummaryReporter;
