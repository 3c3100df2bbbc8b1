/** The shapes of /dashboard/api, as src/dashboard on the API server answers them (#11). */

export interface RunFigures {
  runs: number;
  running: number;
  failed: number;
  p50Ms: number | null;
}

export interface MapProcess extends RunFigures {
  id: string;
  name: string;
  nameFr: string;
  activity: string | null;
  implemented: boolean;
}

export interface Level2Box {
  id: string;
  name: string;
  nameFr: string;
  layer: string;
  verticals: string[];
  workflow: string | null;
  processes: MapProcess[];
}

export interface Grouping {
  id: string;
  name: string;
  level: number;
  processes: Array<{ id: string; name: string; nameFr: string; level: number }>;
}

export interface EtomMap {
  verticals: Array<{ code: string; name: string }>;
  layers: Array<{ key: string; name: string }>;
  groupings: Grouping[];
  level2: Level2Box[];
}

export interface ProcessRef {
  id: string;
  name: string;
}

export interface ProcessDetail {
  id: string;
  name: string;
  nameFr: string;
  level: number;
  layer: string;
  verticals: string[];
  purpose: string;
  summaryFr: string | null;
  textFr: string | null;
  activity: string | null;
  workflow?: string | null;
  implemented?: boolean;
  source: { path: string; line: number } | null;
  parent: ProcessRef | null;
  handOffs: ProcessRef[];
  stats: RunFigures;
  flows: Array<{ workflowId: string; kind: string | null; at: string }>;
}

export interface Flow {
  workflowId: string;
  kind: string | null;
  type: string;
  state: string | null;
  layer: string | null;
  customerId: string | null;
  status: string;
  start: string;
  end: string | null;
}

export interface FlowPage {
  flows: Flow[];
  next: string | null;
}

export interface TraceWorkflow {
  workflowId: string;
  runId: string;
  type: string;
  lane: string;
  taskQueue: string;
  process: ProcessRef | null;
  parentWorkflowId: string | null;
  inTree: boolean;
  start: string;
  end: string | null;
  outcome: string;
}

export interface TraceStep {
  workflowId: string;
  lane: string;
  activity: string;
  activityId: string;
  process: ProcessRef | null;
  action: string | null;
  start: string;
  durationMs: number | null;
  attempts: number;
  outcome: string;
  failure: string | null;
  compensation: boolean;
  input?: unknown;
  output?: unknown;
}

export interface FlowTrace {
  rootWorkflowId: string;
  lanes: string[];
  workflows: TraceWorkflow[];
  steps: TraceStep[];
  missing: string[];
  truncated: boolean;
  mermaid: string;
  webUi: Record<string, string> | null;
}
