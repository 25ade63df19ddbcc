// The SARIF 2.1.0 envelope of what `layerwise lint` and `layerwise diff` print for code scanning: one run of
// Layerwise with its rule descriptors and results; each command writes its own rules and results.
export function sarifLog<Rule, Result>(rules: Rule[], results: Result[], run: { columnKind?: 'utf16CodeUnits' } = {}) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'layerwise', informationUri: 'https://github.com/layerwise/layerwise', rules } },
        ...run,
        results,
      },
    ],
  };
}
