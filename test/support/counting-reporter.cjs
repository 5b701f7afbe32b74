'use strict';
// Mocha's spec output plus one machine-readable summary line that CI prints last. The counts
// come from the runner's own pass/fail events, so a hook failure counts as a failure too.
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_TEST_PASS, () => (passed += 1));
    runner.on(EVENT_TEST_FAIL, () => (failed += 1));
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.TEST_COUNTS_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed }));
      console.log(`tests: ${passed} passed, ${failed} failed`);
    });
  }
}

module.exports = CountingReporter;
