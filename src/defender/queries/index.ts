export { QueryValueError } from './query-value-error';
export { odata, odataDateTime, odataString } from './odata';
export { fillHuntingTemplate, huntingTimespan, kqlColumn, kqlDynamicList, kqlString } from './kql';
export { domainName, fileHash, findByIpSegment, ipAddress, machineIdOrName, pathSegment } from './path';
