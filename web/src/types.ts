/** The JSON the dashboard API answers: defined once, beside the server (src/gateway/dashboard/api-types.ts). */
export type {
  AccountDetail,
  AccountReport,
  ClusterDetail,
  ClusterPage,
  ClusterRow,
  Decision,
  DecisionsPage,
  EnforcementTally as Enforcement,
  Link,
  Overview,
  OverviewRow,
  Reason,
  TrafficSample as Traffic,
  Verdict,
} from '../../src/gateway/dashboard/api-types.js';
