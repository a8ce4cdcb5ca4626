/**
 * The data module: CSV in (by chunks), Datasets and a saved Preprocessing out.
 *
 *   const reader = new TableReader({ keepRows: true }); reader.push(chunk)…; const table = reader.end();
 *   const prepared = prepareData(table.value, { target: 'species' });
 *   const features = transformRows(prepared.value.preprocessing, [{ sepal_length: '5.1', … }]);
 *
 * Every failure is a DataError value ({ code, message, line, column }); nothing here throws on bad data.
 */
export * from './types';
export { isMissing, MISSING_MARKERS, NUMBER_READINGS, parseNumber, parseDate, datePart, DATE_PARTS, FLOAT32_MAX, type DatePart, type NumberReading } from './cells';
export { csvCell, csvLine } from './csv-write';
export { CsvReader, GZIP_LIMITS, READER_LIMITS, inflatedByteCap, inflatedTooMuch, type ReaderOptions } from './reader';
export { READ_CHUNK_BYTES, TableReader, readPieces, readTable, inspectCsv, type TableOptions, type Inspection, type RawTable } from './table';
export { DEFAULT_CHOICES, defaultExcluded, fillChoices } from './choices';
export { columnWarnings, distinctCount } from './warnings';
export { prepareData, resolveTask, type PreparedData } from './prepare';
export { sortLabels, MAX_CLASSES } from './select-rows';
export { ColumnProfile } from './profile';
export { FeatureEncoder, featureNames, inputWidth, preprocessedWidth } from './encoder';
export {
  transformCells, transformRows, encodeTargets, decodeOutputs, decodeRows, decodeTargets, describeBadNumber,
  canonicalLabel, standardizeTarget, destandardizeTarget, type DecodedOutputs, type RowPrediction, type TransformOptions,
} from './transform';
export { parsePreprocessing } from './preprocessing-schema';
export { modelCategories, summarizeDataset, type DatasetSummary } from './summary';
export { foldRows, splitRows, type FoldChoice, type SplitRows } from './split';
export { MAX_SHOWN_CHARS, shownCell, terminalSafe } from './shown-text';
