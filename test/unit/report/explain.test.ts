import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainFailures } from '../../../src/harness/report/explain.js';
import { keywordValue } from '../../../src/harness/edn.js';

test('a valid run has nothing to explain', () => {
  assert.deepEqual(explainFailures({ 'valid?': true, workload: { 'valid?': true } }), []);
});

test('lost broadcast values are named, with the values', () => {
  const lines = explainFailures({ 'valid?': false, workload: { 'valid?': false, 'lost-count': 2, lost: [3, 9], 'stable-count': 40 }, net: { 'valid?': true } });
  assert.deepEqual(lines, ['workload: 2 value(s) lost: 3, 9']);
});

test('a malformed reply is explained by its schema problem, even when the verdict is only unknown', () => {
  const example = { type: 'info', f: 'read', exception: { class: 'malformed-rpc-response', message: 'body has disallowed key "mesages"' } };
  const lines = explainFailures({
    'valid?': 'unknown',
    workload: { 'valid?': 'unknown', 'stable-count': 0, 'lost-count': 0 },
    exceptions: { 'valid?': true, exceptions: [{ count: 12, class: 'malformed-rpc-response', example }] },
  });
  assert.equal(lines[0], 'workload: no value was ever read by every later read (did reads fail?)');
  assert.equal(lines[1], 'malformed-rpc-response: body has disallowed key "mesages" (12 op(s))');
});

test('availability, anomalies, counter reads and unknown checkers each get a reason', () => {
  const lines = explainFailures({
    'valid?': false,
    availability: { 'valid?': false, 'ok-fraction': 0.75 },
    txn: { 'valid?': false, 'anomaly-types': ['G1a', 'G-single'] },
    workload: { 'valid?': false, errors: [{ value: 7 }], 'final-reads': [7, 9], acceptable: [[10, 10]] },
    mystery: { 'valid?': false, 'odd-count': 3, odd: [1] },
  });
  assert.deepEqual(lines, [
    'availability: ok-fraction 0.75 is below what --availability asks',
    'txn: anomalies G1a, G-single',
    'workload: final reads 7, 9 outside the acceptable [[10,10]]',
    'mystery: valid? false; see odd-count, odd in results.edn',
  ]);
  // Elle's results hold the anomaly types as keywords (they print :G1a in results.edn).
  assert.deepEqual(explainFailures({ 'valid?': false, workload: { 'valid?': false, 'anomaly-types': [keywordValue('G1a'), keywordValue('incompatible-order')] } }), ['workload: anomalies G1a, incompatible-order']);
});
