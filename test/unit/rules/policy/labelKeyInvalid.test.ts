import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

describe('label-key-invalid', () => {
  it("reports keys outside Docker's guidelines and reserved namespaces", () => {
    assert.deepEqual(covered('label-key-invalid', 'FROM a:1\nLABEL Maintainer=x com.docker.x=y a..b=1 -lead=1 trail-=1 under_score=1\n'), [
      '2:Maintainer',
      '2:com.docker.x',
      '2:a..b',
      '2:-lead',
      '2:trail-',
      '2:under_score',
    ]);
  });
  it('accepts reverse-DNS and simple lower-case keys, single characters and keys with variables', () => {
    assert.deepEqual(
      covered('label-key-invalid', 'FROM a:1\nLABEL org.opencontainers.image.title=t version=1 a=1 x-y.z9=1 "$KEY"=1\n'),
      [],
    );
  });
});
