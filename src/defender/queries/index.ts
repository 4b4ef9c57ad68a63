export { QueryValueError } from './query-value-error';
export { odata, odataDateTime, odataString } from './odata';
export { fillHuntingTemplate, huntingTimespan, kqlColumn, kqlDynamicList, kqlString } from './kql';
export { domainName, fileHash, findByIpSegment, ipAddress, machineIdOrName, pathSegment } from './path';
export { analyzeKql, analyzeKqlSync, formatKqlDiagnostic, formatKqlDiagnostics, loadKqlAnalyzer, warmUpKqlAnalyzer, type KqlDiagnostic } from './kql-analyzer';
