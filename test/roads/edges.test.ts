// The pickers and both triggers against every fault, and the table's completeness (see table.ts).
import { completenessSuite, roadSuite } from './table';

completenessSuite();
roadSuite((road) => road.name.includes(':'));
