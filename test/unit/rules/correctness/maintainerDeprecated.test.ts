import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('maintainer-deprecated', () => {
  it('rewrites MAINTAINER as the OCI authors label', () => {
    assertFixes(
      'maintainer-deprecated',
      'FROM a:1\nMAINTAINER Jane Doe <jane@example.com>\n',
      'FROM a:1\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    );
  });
  it('is quiet without MAINTAINER', () => {
    assert.deepEqual(lines('maintainer-deprecated', 'FROM a:1\nLABEL maintainer=x\n'), []);
  });
});
