// Benchmark @bpmn-io/feelin on FEEL expressions (reads a JSON request on stdin, prints JSON).
// feelin has no compile-once API: evaluate(expression, context) parses on every call.
import { evaluate } from '@bpmn-io/feelin';
import { readFileSync } from 'node:fs';

const request = JSON.parse(readFileSync(0, 'utf8'));
const report = {};
for (const [key, item] of Object.entries(request.cases)) {
  try {
    const first = evaluate(item.expression, item.context);
    for (let i = 0; i < 20; i++) evaluate(item.expression, item.context);
    const samples = [];
    const deadline = performance.now() + request.seconds * 1000;
    while (performance.now() < deadline) {
      const start = performance.now();
      evaluate(item.expression, item.context);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const total = samples.reduce((a, b) => a + b, 0);
    report[key] = {
      ok: true,
      median_us: samples[Math.floor(samples.length / 2)] * 1000,
      per_second: samples.length / (total / 1000),
      warnings: first.warnings.length,
    };
  } catch (error) {
    report[key] = { ok: false, reason: String(error).slice(0, 160) };
  }
}
console.log(JSON.stringify(report));
