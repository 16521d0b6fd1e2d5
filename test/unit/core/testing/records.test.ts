import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toFailureRecords } from '../../../../src/core/testing/records';

test('trace frames inside the scratch tree are named as the workspace names them; others are kept', () => {
  const [record] = toFailureRecords(
    [
      {
        failure: {
          test: 't',
          message: 'boom',
          stack: [
            { file: 'file:///tmp/squad-stage-ab12/src/price.js', line: 2, column: 5, fn: 'total' },
            { file: '/tmp/squad-stage-ab12/test/price.test.js', line: 6 },
            { file: 'node:internal/process/task_queues', line: 95 },
          ],
        },
        file: 'src/price.js',
        confidence: 0.9,
        reason: 'stack frame',
        kind: 'routed',
        taskId: 't1',
      },
    ],
    '/tmp/squad-stage-ab12',
  );
  assert.deepEqual(record?.trace, ['total (src/price.js:2:5)', 'test/price.test.js:6', 'node:internal/process/task_queues:95']);
});
