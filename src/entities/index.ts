export { recognize, capNotice } from './recognize';
export { refang } from './refang';
export { parseDeviceName, parseUpn, type DeviceRef } from './commands';
export {
  INDICATOR_TYPES,
  DEFAULT_CAP,
  DEFAULT_MAX_CHARS,
  DEFAULT_IGNORE,
  type IndicatorType,
  type Indicator,
  type RecognizeOptions,
  type Recognition,
} from './types';
export { portalLinkTarget, type PortalTarget, type PortalTargetKind } from './portal-links';
