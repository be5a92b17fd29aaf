export {
  formatFuzzReport,
  fuzzApi,
  fuzzSettings,
  knownValuesFrom,
  saveFuzzReport,
  type FuzzFailure,
  type FuzzOptions,
  type FuzzReport,
  type OperationReport,
  type StatusClass,
} from './fuzz-api';
export { itFuzzesCleanly, type FuzzExpectations } from './fuzz-suite';
export { operationsOf, type OpenApiDocument, type Operation, type SchemaObject } from './openapi';
export { problemsWith, FIELD_NAMING_STATUSES } from './verdict';
export { describeRequest, requestsFor, type FuzzRequest } from './request';
export { send, type FuzzResponse } from './send';
export { validValue } from './values';
export { mutate, type Mutation } from './hostile';
