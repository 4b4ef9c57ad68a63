/**
 * A KQL (Kusto Query Language) subset interpreter for the emulator's advanced-hunting endpoint.
 *
 * Pipeline: lexer.ts (tokens) -> parser.ts (ast.ts) -> evaluate-tabular.ts (operators over arrays of rows)
 * with evaluate-scalar.ts compiling expressions against each operator's input columns, functions.ts and
 * aggregates.ts holding the built-in functions. Anything outside the subset raises KqlError 'unsupported'.
 */
export { KqlError, type KqlErrorKind, type KqlErrorLocation } from './errors';
export { runKql, MAX_QUERY_LENGTH, DEFAULT_MAX_ROWS, type KqlResult, type KqlRunOptions } from './run';
