// Each operation of the iMocha node against every fault (see table.ts).
import { roadSuite } from './table';

roadSuite((road) => !road.name.includes(':'));
