/** One measured simulator run (spawned by run.ts so each run has its own peak RSS): prints a JSON line. */
import { loadScenario, scaleScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';

const [name = 'report-scale', scaleText = '1', out = '/tmp/hw-bench-sim', daysText = ''] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const scenario = scaleScenario(loadScenario(name), Number(scaleText));
// A shorter period keeps every account (memory follows accounts) while writing fewer exchanges.
if (daysText) scenario.days = Number(daysText);
const summary = simulate(scenario, { out });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({
    scenario: name,
    scale: Number(scaleText),
    days: scenario.days,
    exchanges: summary.exchanges,
    accounts: summary.accounts,
    attackAccounts: summary.attackAccounts,
    attackExchanges: summary.attackExchanges,
    bytes: summary.bytes,
    seconds,
    cpuSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
