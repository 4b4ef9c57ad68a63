import type { StoryEmail, StoryEmailKey } from '../emails';
import type { MachineKey } from '../ids';
import type { DemoDevice } from '../machines';
import type { Clock } from '../time';

export interface StoryContext {
  clock: Clock;
  device(key: MachineKey): DemoDevice;
  emails: Record<StoryEmailKey, StoryEmail>;
}

export const ANALYSTS = {
  alex: 'alex.analyst@contoso.com',
  sam: 'sam.soc@contoso.com',
} as const;
