// Tokenizes text with our TextMate grammars exactly as VS Code does: vscode-textmate on the
// oniguruma WebAssembly build, with VS Code's own shell grammar (from tm-grammars) for the
// embedded `source.shell` scopes and its Python grammar for `source.python`. Everything is loaded from node_modules: no network.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const repoRoot = path.resolve(__dirname, '../../../..');

/** Grammar files by scope name. Scopes not listed stay unresolved (the tokenizer skips their includes). */
const grammarFiles: Record<string, string> = {
  'source.dockerfile': path.join(repoRoot, 'syntaxes/dockerfile.tmLanguage.json'),
  'source.dockerignore': path.join(repoRoot, 'syntaxes/dockerignore.tmLanguage.json'),
  'source.shell': require.resolve('tm-grammars/grammars/shellscript.json'),
  'source.python': require.resolve('tm-grammars/grammars/python.json'),
};

export interface Token {
  text: string;
  scopes: string[];
}

let registryPromise: Promise<textmate.Registry> | undefined;

function registry(): Promise<textmate.Registry> {
  registryPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
        createOnigString: (text) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName) => {
        const file = grammarFiles[scopeName];
        if (!file) return null;
        return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
    });
  })();
  return registryPromise;
}

export async function loadGrammar(scopeName: string): Promise<textmate.IGrammar> {
  const grammar = await (await registry()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`grammar ${scopeName} could not be loaded`);
  return grammar;
}

/** Tokens per line. Throws if one line takes over 2 s (a runaway regex; the first line also compiles the grammar). */
export function tokenizeLines(grammar: textmate.IGrammar, text: string): Token[][] {
  const lines = text.split(/\r?\n/);
  let state = textmate.INITIAL;
  return lines.map((line, index) => {
    const result = grammar.tokenizeLine(line, state, 2000);
    if (result.stoppedEarly) throw new Error(`tokenizing line ${index + 1} stopped early: ${JSON.stringify(line)}`);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

export async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  return tokenizeLines(await loadGrammar(scopeName), text);
}

/** Scopes of the token that starts `needle`'s first occurrence on `line` (0-based), for readable failures. */
export function scopesAt(lines: Token[][], line: number, needle: string, occurrence = 1): string[] {
  const tokens = lines[line];
  if (!tokens) throw new Error(`no line ${line}`);
  const text = tokens.map((t) => t.text).join('');
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (#${occurrence}) not on line ${line}: ${JSON.stringify(text)}`);
  }
  let offset = 0;
  for (const token of tokens) {
    if (at >= offset && at < offset + token.text.length) return token.scopes;
    offset += token.text.length;
  }
  throw new Error('unreachable: offset beyond tokens');
}

/** Human-readable dump, one token per line; for debugging fixtures. */
export function dump(lines: Token[][]): string {
  return lines
    .map((tokens, i) => tokens.map((t) => `${i}: ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n'))
    .join('\n');
}
