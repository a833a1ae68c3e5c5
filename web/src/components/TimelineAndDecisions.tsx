import { api } from '../api';
import type { Decision, Traffic } from '../types';
import { DecisionTable } from './bits';
import { HourlyChart } from './HourlyChart';

/** The two cards side by side on an account's and a cluster's page: traffic per hour, and the decisions with lift. */
export function TimelineAndDecisions({ traffic, decisions, onLifted, onError }: {
  traffic: Traffic;
  decisions: Decision[];
  onLifted: () => void;
  onError: (message: string) => void;
}) {
  return (
    <div className="grid2">
      <section className="card">
        <h2>Timeline</h2>
        <HourlyChart traffic={traffic} />
      </section>
      <section className="card">
        <h2>Decisions</h2>
        <DecisionTable decisions={decisions} onLift={(d) => void api.lift(d.id).then(onLifted, (e: Error) => onError(e.message))} />
      </section>
    </div>
  );
}
