// Size budgets of `.layerwise.yaml`: the schema (errors name file, line and field), which budgets apply to a
// Dockerfile or image, which limits measured figures break, where the file is found, and the editor's
// diagnostic on the first line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BudgetFileError, findBudgetFile, parseBudgetFile } from '../../../server/src/core/budgets/budgetFile';
import { checkBudgets, imageMatches } from '../../../server/src/core/budgets/checkBudgets';
import { parseByteCount } from '../../../server/src/core/budgets/byteSize';
import { BudgetDiagnostics, BUDGET_CODE } from '../../../server/src/lsp/budgetDiagnostics';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-budgets-'));

describe('budgets: .layerwise.yaml', () => {
  it('reads every field, byte counts with units, dockerfile paths relative to the file', () => {
    const file = path.join(tmp(), '.layerwise.yaml');
    const { budgets } = parseBudgetFile(
      file,
      'budgets:\n  - dockerfile: svc/Dockerfile\n    maxSize: 300MB\n    maxGrowth: 20 MiB\n    minEfficiency: 0.9\n    maxWasted: 1024\n  - image: registry.example/api\n',
    );
    assert.deepEqual(budgets, [
      {
        line: 2,
        dockerfile: path.join(path.dirname(file), 'svc/Dockerfile'),
        maxSize: 300e6,
        maxGrowth: 20 * 1024 * 1024,
        minEfficiency: 0.9,
        maxWasted: 1024,
      },
      { line: 7, image: 'registry.example/api' },
    ]);
    assert.deepEqual(parseBudgetFile(file, '').budgets, []);
    assert.deepEqual(parseBudgetFile(file, 'other: 1\n').budgets, []);
  });

  const broken: [string, RegExp][] = [
    ['budgets: [\n', /^f\.yaml:\d+: /],
    ['- a\n', /f\.yaml: expected a mapping with "budgets"/],
    ['budgets: 3\n', /"budgets" must be a list/],
    ['budgets:\n  - 3\n', /f\.yaml:2: a budget must be a mapping/],
    ['budgets:\n  - maxSize: 1MB\n  - maxSise: 1MB\n', /f\.yaml:3: unknown budget field "maxSise"/],
    ['budgets:\n  - maxSize: big\n', /f\.yaml:2: "maxSize" must be a byte count like 20971520 or 20MB \(got "big"\)/],
    ['budgets:\n  - maxWasted: -5\n', /"maxWasted" must be a byte count/],
    ['budgets:\n  - minEfficiency: 95\n', /"minEfficiency" must be a number from 0 to 1 \(got 95\)/],
    ['budgets:\n  - image: ""\n', /"image" must be a non-empty string/],
  ];
  for (const [text, message] of broken)
    it(`refuses ${JSON.stringify(text)} with a message that says where`, () => {
      assert.throws(
        () => parseBudgetFile('f.yaml', text),
        (error: Error) => error instanceof BudgetFileError && message.test(error.message),
      );
    });

  it('byte counts: plain, decimal and binary units; anything else is not one', () => {
    assert.deepEqual(['20971520', '20MB', '20 MiB', '1.5kb', 7].map(parseByteCount), [20971520, 20e6, 20 * 1024 * 1024, 1500, 7]);
    assert.deepEqual(['', 'MB', '20 XB', '-1', '1e9'].map(parseByteCount), [undefined, undefined, undefined, undefined, undefined]);
  });

  it('image patterns: no tag matches any tag and digest; `*` any run; a tag must match', () => {
    assert.ok(imageMatches('registry.example:5000/api', 'registry.example:5000/api:pr-12'));
    assert.ok(imageMatches('registry.example:5000/api', 'registry.example:5000/api@sha256:abc'));
    assert.ok(imageMatches('registry.example:5000/api', 'registry.example:5000/api'));
    assert.ok(!imageMatches('registry.example:5000/api', 'registry.example:5000/api-old:1'));
    assert.ok(imageMatches('*/api:*', 'ghcr.io/acme/api:1'));
    assert.ok(!imageMatches('api:1', 'api:2'));
    // Many stars against a long non-matching reference: answered at once (no regular expression).
    assert.ok(!imageMatches('*a'.repeat(200) + 'b', 'a'.repeat(5000)));
  });

  it('checks only the budgets that apply, only the figures that are known', () => {
    const dir = tmp();
    const { budgets } = parseBudgetFile(
      path.join(dir, '.layerwise.yaml'),
      'budgets:\n  - dockerfile: Dockerfile\n    maxSize: 10MB\n    maxGrowth: 1MB\n  - image: app\n    minEfficiency: 0.95\n    maxWasted: 1kB\n  - dockerfile: other/Dockerfile\n    maxSize: 1\n',
    );
    const breaches = checkBudgets(
      budgets,
      { dockerfile: path.join(dir, 'Dockerfile'), image: 'app:pr' },
      { sizeBytes: 11e6, efficiency: 0.9, wastedBytes: 1000 },
    );
    assert.deepEqual(
      breaches.map((b) => [b.budget.line, b.limit]),
      [
        [2, 'maxSize'],
        [5, 'minEfficiency'],
      ],
    );
    assert.match(breaches[0].message, /^size 11 MB exceeds maxSize 10 MB of the budget for .*Dockerfile \(line 2\)$/);
    assert.deepEqual(checkBudgets(budgets, { image: 'other' }, { sizeBytes: 1e12 }), []);
  });

  it('the nearest file from the Dockerfile up, not past the repository root', () => {
    const root = tmp();
    const repo = path.join(root, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'svc', 'api'), { recursive: true });
    fs.writeFileSync(path.join(root, '.layerwise.yaml'), 'budgets: []\n');
    assert.equal(findBudgetFile(path.join(repo, 'svc', 'api')), undefined);
    fs.writeFileSync(path.join(repo, '.layerwise.yaml'), 'budgets: []\n');
    assert.equal(findBudgetFile(path.join(repo, 'svc', 'api')), path.join(repo, '.layerwise.yaml'));
    fs.writeFileSync(path.join(repo, 'svc', '.layerwise.yaml'), 'budgets: []\n');
    assert.equal(findBudgetFile(path.join(repo, 'svc', 'api')), path.join(repo, 'svc', '.layerwise.yaml'));
  });
});

describe('budgets: the editor diagnostic', () => {
  it('a breach shows on the first line; a fix of the figures or the file clears it; a broken file shows nothing', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, '.git'));
    const dockerfile = path.join(dir, 'Dockerfile');
    const budgetFile = path.join(dir, '.layerwise.yaml');
    fs.writeFileSync(budgetFile, 'budgets:\n  - dockerfile: Dockerfile\n    maxSize: 1MB\n');
    const diagnostics = new BudgetDiagnostics();
    const uri = 'file:///Dockerfile';
    assert.equal(diagnostics.update(uri, 1, { dockerfile, image: 'app:dev' }, { sizeBytes: 2e6 }), true);
    const [shown, ...more] = diagnostics.diagnosticsFor(uri, 12);
    assert.equal(more.length, 0);
    assert.deepEqual(
      [shown.range, shown.code, shown.source],
      [{ start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, BUDGET_CODE, 'layerwise'],
    );
    assert.match(shown.message, /^Size budget exceeded: size 2\.0 MB exceeds maxSize 1\.0 MB/);
    // The same breach again: nothing to publish.
    assert.equal(diagnostics.update(uri, 2, { dockerfile, image: 'app:dev' }, { sizeBytes: 2e6 }), false);
    assert.equal(diagnostics.update(uri, 3, { dockerfile, image: 'app:dev' }, { sizeBytes: 0.5e6 }), true);
    assert.deepEqual(diagnostics.diagnosticsFor(uri, 12), []);
    fs.writeFileSync(budgetFile, 'budgets: [\n');
    fs.utimesSync(budgetFile, new Date(), new Date(Date.now() + 5000));
    assert.equal(diagnostics.update(uri, 4, { dockerfile, image: 'app:dev' }, { sizeBytes: 9e9 }), false);
    assert.deepEqual(diagnostics.diagnosticsFor(uri, 12), []);
  });
});

describe('budgets: messages', () => {
  it('an efficiency just below the limit is not printed rounded up to it', () => {
    const [breach] = checkBudgets([{ line: 1, minEfficiency: 0.99999999 }], {}, { efficiency: 0.9999998 });
    assert.match(breach.message, /^efficiency 0\.9999998 is below minEfficiency 0\.99999999 of the budget for every image \(line 1\)$/);
  });
});
