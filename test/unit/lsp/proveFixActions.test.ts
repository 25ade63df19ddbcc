// The code actions around "Prove this fix" (issue 13), without an engine: each fix's kind names its rule (what the
// Analyze report's Apply fix looks for), "Prove this fix" sits beside each fix only when proving is possible, and a
// remembered verdict changes exactly that fix's title on exactly that text.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../../server/src/lsp/analysisCache';
import { quickFixes, provenTitle, type Proofs } from '../../../server/src/lsp/codeActions';
import { ProvenFixes, smokeCommandSetting } from '../../../server/src/lsp/proveFixRequest';
import { initShellParser } from '../../../server/src/core/shell/index';
import {
  ClientCommands,
  proveActionKind,
  fixActionKind,
  ruleOfFixKind,
  type ProofVerdict,
  type ProveFixArgs,
} from '../../../common/protocol';
import { applyEdits } from '../../../server/src/core/fix/applyFixes';
import { formatBytes } from '../../../common/format';

const URI = 'file:///work/Dockerfile';
const TEXT = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n';

function actionsFor(document: TextDocument, proofs?: Proofs) {
  const analysis = new AnalysisCache(() => ({})).get(document);
  const line = { start: { line: 1, character: 0 }, end: { line: 1, character: 100 } };
  return {
    analysis,
    actions: quickFixes(
      { textDocument: { uri: URI }, range: line, context: { diagnostics: [] } },
      document,
      analysis,
      () => undefined,
      proofs,
    ),
  };
}

const verdict = (bytesSaved: number, v: ProofVerdict['verdict'] = 'as-claimed'): ProofVerdict => ({
  verdict: v,
  claim: 'changes-build',
  summary: 's',
  bytesSaved,
});

describe('code actions: fix kinds and Prove this fix', () => {
  before(() => initShellParser());

  it("gives each rule's fix the kind quickfix.layerwise.<rule>, and only the fixes", () => {
    const { actions } = actionsFor(TextDocument.create(URI, 'dockerfile', 1, TEXT));
    const fix = actions.find((a) => a.title.startsWith('Add --no-install-recommends'));
    assert.equal(fix?.kind, fixActionKind('apt-install-recommends'));
    assert.equal(ruleOfFixKind(fix?.kind), 'apt-install-recommends');
    const ignore = actions.find((a) => a.title.startsWith('Ignore apt-install-recommends'));
    assert.equal(ignore?.kind, 'quickfix', 'ignoring is not the rule fix the report applies');
    assert.equal(ruleOfFixKind('quickfix'), undefined);
  });

  it('offers Prove this fix beside each fix only when proving is possible, naming the fix exactly', () => {
    const document = TextDocument.create(URI, 'dockerfile', 7, TEXT);
    const none = actionsFor(document, { canProve: false, provenOf: () => undefined }).actions;
    assert.deepEqual(
      none.filter((a) => a.title.startsWith('Prove')),
      [],
    );
    const { actions, analysis } = actionsFor(document, { canProve: true, provenOf: () => undefined });
    const fixes = actions.filter((a) => a.kind?.startsWith('quickfix.layerwise.'));
    const proves = actions.filter((a) => a.title.startsWith('Prove this fix on your build: '));
    assert.equal(proves.length, fixes.length, actions.map((a) => a.title).join(' | '));
    const prove = proves.find((a) => a.title === 'Prove this fix on your build: Add --no-install-recommends')!;
    assert.equal(prove.command?.command, ClientCommands.proveFix);
    // Its own kind, which the Analyze report's Prove button asks VS Code for.
    assert.equal(prove.kind, proveActionKind('apt-install-recommends'));
    const args = prove.command!.arguments![0] as ProveFixArgs;
    const finding = analysis.findings.find((f) => f.rule === 'apt-install-recommends')!;
    assert.deepEqual(args, {
      uri: URI,
      version: 7,
      rule: 'apt-install-recommends',
      line: finding.range.start.line,
      character: finding.range.start.character,
      fixIndex: 0,
    });
    assert.equal(prove.edit, undefined, 'proving changes nothing by itself');
  });

  it('puts a remembered verdict into that fix title on that text only', () => {
    const document = TextDocument.create(URI, 'dockerfile', 1, TEXT);
    const { analysis } = actionsFor(document);
    const fix = analysis.findings.find((f) => f.rule === 'apt-install-recommends')!.fixes[0];
    const proven = new ProvenFixes();
    proven.remember(TEXT, applyEdits(TEXT, fix.edits), verdict(6_400_000));
    const titles = actionsFor(document, { canProve: true, provenOf: (f) => proven.of(TEXT, f) }).actions.map((a) => a.title);
    assert.ok(
      titles.includes(`Add --no-install-recommends (proven: saves ${formatBytes(6_400_000)}) (changes the build)`),
      titles.join(' | '),
    );
    assert.ok(titles.includes('Remove the apt lists in this RUN'), 'another fix keeps its title');
    // Another text (even one character): no verdict.
    const other = `${TEXT}\n`;
    assert.equal(proven.of(other, fix), undefined);
  });

  it('says what a proof found in the title', () => {
    assert.equal(provenTitle('T', verdict(0)), 'T (proven)');
    assert.equal(provenTitle('T', verdict(5, 'class-violated')), 'T (proof: changes more than its class says)');
    assert.equal(provenTitle('T', verdict(5, 'fix-breaks-build')), 'T (proof: does not build)');
  });
});

describe('layerwise.proof.smokeCommand', () => {
  it('is a trimmed, non-empty string from the pushed settings, else no smoke test', () => {
    assert.equal(smokeCommandSetting({ proof: { smokeCommand: '  curl --version ' } }), 'curl --version');
    for (const none of [undefined, {}, { proof: {} }, { proof: { smokeCommand: '   ' } }, { proof: { smokeCommand: ['curl'] } }])
      assert.equal(smokeCommandSetting(none), undefined, JSON.stringify(none));
  });
});
