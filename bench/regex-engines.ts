/**
 * `npx tsx bench/regex-engines.ts`: what one condition-value match costs in the embedded data
 * plane, per engine. Wildcard values run on RegExp (same meaning as RE2 for the constructs they
 * use), `RegexValues` on re2js (RE2, as Traefik); the same regex on RegExp is shown for scale.
 * BENCH_ITERATIONS (default 500000) matches per line, after a warm-up.
 */
import { compilePattern, type ValueTest } from '../gateway/traffic/dataplane/patterns.js';
import { wildcardSource } from '../gateway/traffic/route-table/condition-patterns.js';
import { benchNumber } from './lib/settings.js';

const ITERATIONS = benchNumber('BENCH_ITERATIONS', 500_000, 1_000, 100_000_000);

function nsPerMatch(test: ValueTest, input: string): number {
  for (let i = 0; i < 20_000; i++) test(input);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) test(input);
  return Number(process.hrtime.bigint() - start) / ITERATIONS;
}

const regex = '^/api/v[0-9]+/users/[0-9]+$';
const engines: Array<[string, ValueTest]> = [
  ["wildcard '/api/*' (RegExp)", compilePattern({ kind: 'wildcard', source: wildcardSource('/api/*'), caseInsensitive: false })],
  [`RegexValues '${regex}' (re2js)`, compilePattern({ kind: 'regex', source: regex, caseInsensitive: false })],
  [`the same regex on RegExp, for scale`, ((re) => (value: string) => re.test(value))(new RegExp(regex))],
];
for (const input of ['/api/v2/users/1234', '/static/img/logo.png']) {
  for (const [name, test] of engines) console.log(`${name.padEnd(52)} ${JSON.stringify(input).padEnd(24)} ${nsPerMatch(test, input).toFixed(0).padStart(6)} ns/match  (${test(input) ? 'match' : 'no match'})`);
}
