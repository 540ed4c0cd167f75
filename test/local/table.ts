import { TABLE_DEFINITION } from '../../lambdas/contract';
import type { TableDefinition } from '../../local/resources';

/** The service's own table layout (pk/sk + GSI1 + GSI2 + the sparse GSI3). */
export const TEST_TABLE: TableDefinition = TABLE_DEFINITION;
