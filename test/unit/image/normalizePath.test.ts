// Layer entry names as the engines write them (`usr/bin`, `./usr/bin/`, `/usr/bin`) are one path in the overlay.
import * as assert from 'node:assert/strict';
import { normalizePath } from '../../../server/src/core/image/layerScanner';

describe('layer entry paths', () => {
  it('drops leading ./ and /, trailing /, and makes the root empty; plain names stay as they are', () => {
    const cases: [string, string][] = [
      ['usr/bin/env', 'usr/bin/env'],
      ['usr/bin/', 'usr/bin'],
      ['./usr/bin/', 'usr/bin'],
      ['././etc//', 'etc'],
      ['/etc/passwd', 'etc/passwd'],
      ['//etc', 'etc'],
      ['.bashrc', '.bashrc'],
      ['./.wh..wh..opq', '.wh..wh..opq'],
      ['.', ''],
      ['./', ''],
      ['/', ''],
      ['', ''],
      ['a/./b', 'a/./b'],
    ];
    for (const [name, path] of cases) assert.equal(normalizePath(name), path, JSON.stringify(name));
  });
});
