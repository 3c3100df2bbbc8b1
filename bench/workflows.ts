// The bundle the benchmark's workers run: the project's workflows and the bare baseline.
export * from '../workflows';
export { bareTree } from './bare/tree';
export * from './bare/alarms';
export * from './bare/rating';
export * from './bare/wait';
