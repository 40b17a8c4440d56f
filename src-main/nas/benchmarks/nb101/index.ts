/** NAS-Bench-101 tabular benchmark: import, storage, queries. */
export { crc32c, maskCrc, maskedCrc32c } from './crc32c.ts';
export { importNb101TfRecord, importNb101TfRecordSync, type ImportOptions, type ImportProgress, type ImportSummary } from './import.ts';
export { decodeModelMetrics, type EvaluationData, type ModelMetrics } from './protobuf.ts';
export { METRIC_FIELDS, parseNb101Row, type MetricField, type Nb101Row } from './rows.ts';
export { Nb101TableBuilder } from './table-builder.ts';
export { loadNb101Table, loadNb101TableSync, Nb101TableBenchmark, NB101_DEFAULT_EPOCHS, type Nb101Evaluation, type Nb101Record } from './table-benchmark.ts';
export { readNb101Table, readNb101TableSync, serializeNb101Table, writeFileAtomicSync, writeNb101Table, writeNb101TableSync, type Nb101Table, type TableSource } from './table-format.ts';
export { encodeTfRecord, encodeTfRecordInto, readTfRecords, readTfRecordsSync, TfRecordError, type ReadOptions, type TfRecord } from './tfrecord.ts';
