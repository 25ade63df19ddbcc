import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('pip-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports packages without a version specifier, for pip and python -m pip', () => {
    assert.deepEqual(covered('pip-version-unpinned', 'FROM python:3\nRUN pip install --no-cache-dir flask requests==2.32.3\n'), [
      '2:flask',
    ]);
    assert.deepEqual(covered('pip-version-unpinned', 'FROM python:3\nRUN python3 -m pip install -U pip\n'), ['2:pip']);
    assert.deepEqual(covered('pip-version-unpinned', 'FROM python:3\nRUN /usr/local/bin/pip3 install gunicorn\n'), ['2:gunicorn']);
  });
  it('accepts specifiers, requirement files, wheels, paths and URLs; ignores python without -m pip', () => {
    assert.deepEqual(
      covered(
        'pip-version-unpinned',
        'FROM python:3\nRUN pip install "django>=4.2,<5" "numpy~=1.26" -r requirements.txt -c constraints.txt ./dist/app-1.0-py3-none-any.whl . https://example.org/x.tar.gz "pkg @ git+https://example.org/pkg"\nRUN python setup.py install && pip download flask\n',
      ),
      [],
    );
  });
});
