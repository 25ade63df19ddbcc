// Mocha's spec output, plus the counts written as JSON to $LAYERWISE_SUMMARY for scripts/test-all.sh's totals.
// Plain JavaScript so it works before (or without) `npm run compile-tests`.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      // On CI a test that could not run is a failure, not a quiet "pending".
      const strict = process.env.CI === 'true';
      const summary = { passed: passes, failed: failures + (strict ? pending : 0), pending };
      if (process.env.LAYERWISE_SUMMARY) writeFileSync(process.env.LAYERWISE_SUMMARY, JSON.stringify(summary));
    });
  }
}

module.exports = SummaryReporter;
