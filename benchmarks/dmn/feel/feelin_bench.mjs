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
    let deadline = performance.now() + (request.seconds * 1000) / 2;
    while (performance.now() < deadline) {
      const start = performance.now();
      evaluate(item.expression, item.context);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    // Throughput: batches of about 10 ms, median batch rate (robust to pauses of other processes).
    const batch = Math.max(1, Math.floor(10 / median));
    const rates = [];
    deadline = performance.now() + (request.seconds * 1000) / 2;
    while (performance.now() < deadline || rates.length === 0) {
      const start = performance.now();
      for (let i = 0; i < batch; i++) evaluate(item.expression, item.context);
      rates.push(batch / ((performance.now() - start) / 1000));
    }
    rates.sort((a, b) => a - b);
    report[key] = {
      ok: true,
      median_us: median * 1000,
      per_second: rates[Math.floor(rates.length / 2)],
      warnings: first.warnings.length,
    };
  } catch (error) {
    report[key] = { ok: false, reason: String(error).slice(0, 160) };
  }
}
console.log(JSON.stringify(report));
