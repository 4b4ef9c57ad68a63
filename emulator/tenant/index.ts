export { createDemoTenant } from './demo-tenant';
export { DEMO_INDICATORS } from './demo-indicators';
export { DEMO_GROUPS, DEMO_TENANT_ID, DEMO_USERS } from './ids';
export type { DemoTenant, HuntingTable, TableRow } from './types';
export { TABLE_COLUMNS } from './tables/columns';
