/**
 * The demo tenant's SOC groups. Demo mode gives them the bot's roles and doctor names them; the emulator's tenant
 * re-exports this constant, so the product and the emulator agree without the product loading the emulator.
 */
export const DEMO_GROUPS = {
  responders: { id: '11111111-0000-4000-8000-000000000001', displayName: 'SOC Responders' },
  approvers: { id: '11111111-0000-4000-8000-000000000002', displayName: 'SOC Approvers' },
  hunters: { id: '11111111-0000-4000-8000-000000000003', displayName: 'SOC Hunters' },
} as const;

/** The demo tenant's Entra id: the one tenant of demo mode (src/config/tenants.ts); the emulator's tenant has the same id. */
export const DEMO_TENANT_ID = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
