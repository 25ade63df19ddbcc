import * as assert from 'node:assert/strict';
import { findings, lines } from '../harness';

describe('secret-in-arg-env', () => {
  it('reports secret-like ARG and ENV names', () => {
    assert.deepEqual(
      lines('secret-in-arg-env', 'FROM a:1\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x\nARG aws_secret_access_key\nENV API_KEY=1\n'),
      [2, 3, 4, 5],
    );
  });
  it('ignores public keys, key ids and paths to secrets', () => {
    assert.deepEqual(
      lines(
        'secret-in-arg-env',
        'FROM a:1\nENV GPG_KEY=ABC\nARG NODE_RELEASE_KEY\nENV PGP_KEY_IDS=1\nENV SSL_KEY_FILE=/k\nARG PUBLIC_KEY\nENV MONKEY=1\nENV TOKENIZER=x\n',
      ),
      [],
    );
  });
  it('a version is not a secret (BuildKit allow-lists the word), the secret itself still is', () => {
    assert.deepEqual(lines('secret-in-arg-env', 'FROM a:1\nARG AUTH_VERSION=2\nENV TOKEN_VERSION=1 KEY_VERSION=3\nARG VAULT_TOKEN\n'), [4]);
  });
  it('explains RUN --mount=type=secret', () => {
    assert.match(findings('secret-in-arg-env', 'FROM a:1\nARG NPM_TOKEN\n')[0].message, /--mount=type=secret/);
  });
});
