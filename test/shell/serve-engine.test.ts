import { afterEach, describe, expect, it, vi } from 'vitest';
import { CsvReader, READ_CHUNK_BYTES, csvLine, decodeRows, loadModel, parsePreprocessing, predict, transformCells } from '../../src/engine';
import { PROTOCOL_VERSION } from '../../src/shared/protocol-constants';
import { EngineHarness, irisText, smallNetwork, trainSettings } from './engine-port-harness';

let harness: EngineHarness;
afterEach(() => harness?.close());

async function loadIris(h: EngineHarness): Promise<void> {
  h.send({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  await h.next('datasetInfo');
}

/** A fresh harness whose iris model has trained to the end (`train`: the run's settings). */
async function irisTrained(train: typeof trainSettings): Promise<EngineHarness> {
  const h = new EngineHarness();
  await loadIris(h);
  h.send({ type: 'configure', network: smallNetwork, train });
  h.send({ type: 'start' });
  await h.next('done');
  return h;
}

describe('serveEngine over a Node MessageChannel', () => {
  it('announces itself with a ready event and answers hello with the protocol version', async () => {
    harness = new EngineHarness();
    harness.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    const ready = await harness.next('ready');
    expect(ready.protocol).toBe(PROTOCOL_VERSION);
    expect(harness.ofType('ready').length).toBeGreaterThanOrEqual(1);
  });

  it('loads iris as a 3-class dataset with 4 inputs', async () => {
    harness = new EngineHarness();
    harness.send({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
    const { info } = await harness.next('datasetInfo');
    expect(info).toMatchObject({ rows: 150, task: 'classification', inputSize: 4, outputSize: 3 });
    expect(info.classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('trains through configure → start → metrics → pause → resume → done with a test-split evaluation', async () => {
    harness = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 } });
    await loadIris(harness);
    harness.send({ type: 'configure', network: smallNetwork, train: trainSettings });
    const configured = await harness.next('configured', (c) => c.layerSizes?.length === 3);
    expect(configured.layerSizes).toEqual([4, 16, 3]);
    harness.send({ type: 'start' });
    const firstMetrics = await harness.next('metrics');
    expect(firstMetrics.loss).toBeInstanceOf(Float64Array);
    expect(firstMetrics.threadsInUse).toBe(1); // a 4-16-3 net trains on one thread
    const lastSeen = firstMetrics.steps[firstMetrics.steps.length - 1];
    harness.send({ type: 'pause' });
    const paused = await harness.next('status', (s) => s.state === 'paused');
    // one slice is one batch here: the batch running when pause arrived, plus the one queued behind it at most
    expect(paused.step - lastSeen).toBeLessThanOrEqual(2);
    const metricsCountAtPause = harness.ofType('metrics').length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.ofType('metrics').length).toBe(metricsCountAtPause);
    harness.send({ type: 'resume' });
    const done = await harness.next('done');
    expect(done.reason).toBe('epochs');
    expect(harness.epochNumbers()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(done.evaluation).toMatchObject({ task: 'classification', split: 'test', classes: ['setosa', 'versicolor', 'virginica'] });
    if (done.evaluation?.task !== 'classification') throw new Error('expected a classification evaluation');
    const info = harness.ofType('datasetInfo')[0].info;
    expect(done.evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(info.split.test);
    expect(done.evaluation.accuracy).toBeGreaterThan(0.8);
  });

  it('sends no more than 20 metrics events a second, each batching many steps', async () => {
    harness = new EngineHarness();
    await loadIris(harness);
    harness.send({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 400, batchSize: 4 } });
    const started = performance.now();
    harness.send({ type: 'start' });
    await harness.next('done');
    const seconds = (performance.now() - started) / 1000;
    const metrics = harness.ofType('metrics');
    const steps = metrics.reduce((n, m) => n + m.steps.length, 0);
    expect(steps).toBe(400 * Math.ceil(harness.ofType('datasetInfo')[0].info.split.train / 4));
    expect(metrics.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
    expect(metrics.length).toBeLessThan(steps / 5);
  });

  it('folds epochs that end faster than 20 a second into one epoch event, losing none', async () => {
    harness = new EngineHarness();
    await loadIris(harness);
    harness.send({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 2000, batchSize: 64 } });
    const started = performance.now();
    harness.send({ type: 'start' });
    await harness.next('done');
    const seconds = (performance.now() - started) / 1000;
    expect(harness.epochNumbers()).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(harness.ofType('epoch').length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
  });

  it('marks a learning-rate change made while paused with the step and epoch it applies from', async () => {
    harness = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 } });
    await loadIris(harness);
    harness.send({ type: 'configure', network: smallNetwork, train: trainSettings });
    harness.send({ type: 'start' });
    await harness.next('epoch', (e) => e.epoch >= 2);
    harness.send({ type: 'pause' });
    const paused = await harness.next('status', (s) => s.state === 'paused');
    harness.send({ type: 'updateSettings', changes: { learningRate: 0.001 } });
    const changed = await harness.next('settingsChanged');
    expect(changed).toMatchObject({ step: paused.step, epoch: paused.epoch, changes: { learningRate: 0.001 } });
    harness.send({ type: 'step' });
    const after = await harness.next('metrics');
    expect(after.steps[0]).toBe(paused.step + 1);
    expect(after.learningRate[0]).toBeCloseTo(0.001, 9);
  });

  it('evaluates a regression with MSE, MAE, R² and actual/predicted pairs in the target\'s own units', async () => {
    const lines = ['x1,x2,price'];
    for (let i = 0; i < 300; i++) {
      const x1 = (i % 17) / 17, x2 = ((i * 7) % 23) / 23;
      lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${(1000 + 400 * x1 - 200 * x2).toFixed(2)}`);
    }
    harness = new EngineHarness();
    harness.send({ type: 'loadDataset', source: { kind: 'text', name: 'prices.csv', text: lines.join('\n') } });
    expect((await harness.next('datasetInfo')).info.task).toBe('regression');
    harness.send({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 150 } });
    harness.send({ type: 'start' });
    const { evaluation } = await harness.next('done');
    if (evaluation?.task !== 'regression') throw new Error('expected a regression evaluation');
    expect(evaluation.r2).toBeGreaterThan(0.9);
    expect(evaluation.actual.length).toBe(evaluation.predicted.length);
    expect(Math.min(...evaluation.actual)).toBeGreaterThan(700); // prices, not standardized values
    expect(evaluation.mae).toBeLessThan(60);
    expect(harness.ofType('epoch').at(-1)!.valR2).not.toBeNull();
  });

  it('transfers the metrics arrays\' buffers instead of copying them', async () => {
    const transfers: ArrayBuffer[][] = [];
    const { serveEngine } = await import('../../src/engine-host');
    const listeners: ((event: { data: unknown }) => void)[] = [];
    const port = {
      postMessage: (message: { type: string }, transfer: ArrayBuffer[]) => { if (message.type === 'metrics') transfers.push(transfer); },
      on: (_type: 'message', listener: (event: { data: unknown }) => void) => { listeners.push(listener); },
    };
    const service = serveEngine(port);
    const send = (data: unknown): void => listeners.forEach((l) => l({ data }));
    send({ type: 'loadDataset', requestId: '1', source: { kind: 'text', name: 'iris.csv', text: irisText } });
    send({ type: 'configure', requestId: '2', network: smallNetwork, train: { ...trainSettings, epochs: 5 } });
    send({ type: 'start', requestId: '3' });
    await vi.waitFor(() => expect(transfers.length).toBeGreaterThan(0), { timeout: 20_000 });
    expect(transfers[0].length).toBe(7 + 2); // steps, epochs, loss, accuracy, gradNorm, lr, clipped + one per layer
    expect(transfers[0].every((buffer) => buffer instanceof ArrayBuffer)).toBe(true);
    service.close();
  });

  it('stops on request with reason "stopped" and still evaluates', async () => {
    harness = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 } });
    await loadIris(harness);
    harness.send({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 100_000 } });
    harness.send({ type: 'start' });
    await harness.next('metrics');
    harness.send({ type: 'stop' });
    const done = await harness.next('done');
    expect(done.reason).toBe('stopped');
    expect(done.evaluation?.task).toBe('classification');
  });

  it('sends every export as the file\'s bytes (text formats UTF-8 encoded) in a buffer it transfers', async () => {
    harness = await irisTrained({ ...trainSettings, epochs: 2 });
    harness.send({ type: 'exportModel', format: 'json' });
    const model = await harness.next('model');
    expect(model).toMatchObject({ format: 'json', fileName: 'iris.model.json' });
    expect(model.bytes).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(model.bytes)).data.name).toBe('iris.csv');
    const [transfer] = harness.transfers.filter((t) => t.type === 'model');
    expect(transfer.buffers).toHaveLength(1);
    expect(transfer.buffers[0].byteLength).toBe(0); // detached on the engine's side: moved, not copied
  });

  it('refuses an export request with a field it does not know, naming the request', async () => {
    harness = new EngineHarness();
    harness.sendRaw({ type: 'exportModel', requestId: 'x', format: 'json', asText: true });
    const error = await harness.next('error');
    expect(error.code).toBe('malformed-message');
    expect(error.message).toMatch(/^malformed "exportModel" message/);
  });

  it('predicts from raw cells, exports the model as JSON, and an imported copy predicts the same', async () => {
    harness = await irisTrained(trainSettings);
    const row = { sepal_length: '6.7', sepal_width: '3.0', petal_length: '5.2', petal_width: '2.3' };
    harness.send({ type: 'predict', rows: [row] });
    const prediction = await harness.next('prediction');
    expect(prediction.labels).toEqual(['virginica']);
    harness.send({ type: 'exportModel', format: 'json' });
    const model = await harness.next('model');
    expect(model.fileName).toBe('iris.model.json');

    const fresh = new EngineHarness();
    try {
      fresh.send({ type: 'importModel', text: new TextDecoder().decode(model.bytes) });
      await fresh.next('imported');
      fresh.send({ type: 'predict', rows: [row] });
      expect((await fresh.next('prediction')).outputs).toEqual(prediction.outputs);
    } finally {
      fresh.close();
    }
  });

  it('answers a CSV prediction with the rows plus predicted class and probabilities', async () => {
    harness = await irisTrained(trainSettings);
    harness.send({ type: 'predictCsv', source: { kind: 'text', name: 'new.csv', text: 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n' } });
    const result = await harness.next('predictCsvResult');
    expect(result.rows).toBe(1);
    expect(result.csv.split('\n')[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,predicted_species,p_setosa,p_versicolor,p_virginica');
    expect(result.csv.split('\n')[1]).toMatch(/^5.1,3.5,1.4,0.2,setosa,/);
  });

  it('escapes cells a spreadsheet would run as formulas in the predicted CSV', async () => {
    harness = await irisTrained({ ...trainSettings, epochs: 2 });
    const text = 'sepal_length,sepal_width,petal_length,petal_width,note\n5.1,3.5,1.4,0.2,=HYPERLINK("http://x")\n-1.5,3,1,0.2,"a,b"\n';
    harness.send({ type: 'predictCsv', source: { kind: 'text', name: 'new.csv', text } });
    const lines = (await harness.next('predictCsvResult')).csv.split('\n');
    expect(lines[1]).toMatch(/^5\.1,3\.5,1\.4,0\.2,"'=HYPERLINK\(""http:\/\/x""\)",/);
    expect(lines[2]).toMatch(/^-1\.5,3,1,0\.2,"a,b",/);
  });

  it('predicts a file of several read pieces one piece at a time, giving the CSV its rows predicted at once give', async () => {
    harness = await irisTrained({ ...trainSettings, epochs: 2 });
    const [head, ...body] = irisText.trim().split(/\r?\n/); // no quotes: the cells are the text between commas
    const rowLines = Array.from({ length: Math.ceil((2.5 * READ_CHUNK_BYTES) / irisText.length) }, () => body).flat();
    const text = `${[head, ...rowLines].join('\n')}\n`;
    const pushed: number[] = [];
    const push = CsvReader.prototype.push;
    vi.spyOn(CsvReader.prototype, 'push').mockImplementation(function (this: CsvReader, chunk) {
      pushed.push(chunk.length);
      return push.call(this, chunk);
    });
    harness.send({ type: 'predictCsv', source: { kind: 'text', name: 'many.csv', text } });
    const result = await harness.next('predictCsvResult');
    vi.restoreAllMocks();
    expect(pushed.length).toBeGreaterThan(2);
    expect(Math.max(...pushed)).toBeLessThanOrEqual(READ_CHUNK_BYTES); // read whole, it was one push of the ~2.6 MB text

    // the same model on every row at once, through the engine's own calls
    harness.send({ type: 'exportModel', format: 'json' });
    const { net, file } = loadModel(new TextDecoder().decode((await harness.next('model')).bytes));
    const parsed = parsePreprocessing(file.preprocessing);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const pre = parsed.value, header = head.split(','), rows = rowLines.map((line) => line.split(','));
    const inputs = transformCells(pre, header, rows, { lines: rows.map((_, i) => i + 2) });
    if (!inputs.ok) throw new Error(inputs.error.message);
    const predictions = decodeRows(pre, predict(net, inputs.value, rows.length), rows.length);
    const classes = pre.target.classes!;
    const expected = csvLine([...header, `predicted_${pre.target.name}`, ...classes.map((c) => `p_${c}`)])
      + rows.map((cells, r) => csvLine([...cells, predictions[r].label ?? '', ...predictions[r].outputs.map((p) => p.toFixed(6))])).join('');
    expect(result.rows).toBe(rows.length);
    const got = result.csv.split('\n'), want = expected.split('\n');
    expect(got.length).toBe(want.length);
    const firstDifference = got.findIndex((line, i) => line !== want[i]);
    expect(firstDifference === -1 ? null : { line: firstDifference + 1, got: got[firstDifference], want: want[firstDifference] }).toBeNull();
  });

  it('reads a dataset by path only through the injected readFile', async () => {
    harness = new EngineHarness();
    harness.send({ type: 'loadDataset', source: { kind: 'path', path: '/data/iris.csv' } });
    expect((await harness.next('error')).code).toBe('no-file-access');
    harness.close();
    const paths: string[] = [];
    harness = new EngineHarness({ readFile: async (path) => { paths.push(path); return new TextEncoder().encode(irisText); } });
    harness.send({ type: 'loadDataset', source: { kind: 'path', path: '/data/iris.csv' } });
    expect((await harness.next('datasetInfo')).info.name).toBe('iris.csv');
    expect(paths).toEqual(['/data/iris.csv']);
  });

  it('inflates gzip bytes before reading them as CSV', async () => {
    const { gzipSync } = await import('node:zlib');
    harness = new EngineHarness();
    harness.send({ type: 'loadDataset', source: { kind: 'bytes', name: 'iris.csv', bytes: new Uint8Array(gzipSync(irisText)) } });
    expect((await harness.next('datasetInfo')).info.rows).toBe(150);
  });

  it('keeps the loaded dataset when a bad CSV is sent, and says where the problem is', async () => {
    harness = new EngineHarness();
    await loadIris(harness);
    harness.send({ type: 'loadDataset', source: { kind: 'text', name: 'bad.csv', text: 'a,b,label\n1,2,x\n3,4,5,6\n' } });
    const error = await harness.next('error');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3/);
    harness.send({ type: 'start' });
    await harness.next('metrics');
    harness.send({ type: 'stop' });
    await harness.next('done');
  });

  it('refuses to train, predict or export before there is data or a model', async () => {
    harness = new EngineHarness();
    harness.send({ type: 'start' });
    expect((await harness.next('error')).code).toBe('no-dataset');
    const predict = harness.send({ type: 'predict', rows: [] });
    expect(await harness.next('error')).toMatchObject({ code: 'no-model', requestId: predict });
    const exported = harness.send({ type: 'exportModel', format: 'json' });
    expect((await harness.next('error')).requestId).toBe(exported);
  });

  const malformed: [string, unknown][] = [
    ['null', null], ['a number', 42], ['a string', 'start'], ['an array', [{ type: 'start' }]], ['no type', {}],
    ['an unknown type', { type: 'format-disk' }], ['an extra field', { type: 'start', now: true }],
    ['a negative batch size', { type: 'configure', network: smallNetwork, train: { ...trainSettings, batchSize: -1 } }],
    ['an infinite learning rate', { type: 'updateSettings', changes: { learningRate: Infinity } }],
    ['a path source that is empty', { type: 'loadDataset', source: { kind: 'path', path: '' } }],
    ['a predict without requestId', { type: 'predict', rows: [] }],
    ['a start without requestId', { type: 'start' }],
    ['a hidden layer of 0 units', { type: 'configure', network: { hidden: [{ units: 0, activation: 'relu', dropout: 0 }], init: 'auto' }, train: trainSettings }],
  ];
  it.each(malformed)('answers a malformed message (%s) with an error event and keeps serving', async (_name, message) => {
    harness = new EngineHarness();
    harness.sendRaw(message);
    const error = await harness.next('error');
    expect(error.code).toBe('malformed-message');
    harness.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    await harness.next('ready');
  });

  it('answers a malformed request that has an id with an error carrying that id; one without an id gets an error without one', async () => {
    harness = new EngineHarness();
    harness.sendRaw({ type: 'configure', requestId: 'bad-1', network: smallNetwork, train: { ...trainSettings, batchSize: -1 } });
    expect(await harness.answerTo('bad-1')).toMatchObject({ type: 'error', code: 'malformed-message', requestId: 'bad-1' });
    harness.sendRaw({ type: 'configure', network: smallNetwork, train: { ...trainSettings, batchSize: -1 } });
    const anonymous = await harness.next('error', (e) => e.requestId === undefined);
    expect(anonymous.message).toMatch(/^malformed "configure" message/);
  });

  it('refuses a hello in an older protocol version with a protocol-mismatch error naming both versions', async () => {
    harness = new EngineHarness();
    harness.sendRaw({ type: 'hello', requestId: 'old-ui', protocol: PROTOCOL_VERSION - 1 });
    const refused = await harness.answerTo('old-ui');
    expect(refused).toMatchObject({ type: 'error', code: 'protocol-mismatch' });
    expect((refused as { message: string }).message).toContain(`protocol ${PROTOCOL_VERSION - 1}, the engine ${PROTOCOL_VERSION}`);
    harness.sendRaw({ type: 'hello', requestId: 'this-ui', protocol: PROTOCOL_VERSION }); // control: the current version is answered
    expect(await harness.answerTo('this-ui')).toMatchObject({ type: 'ready', protocol: PROTOCOL_VERSION });
  });

  it('answers every kind of request once, with its own answer carrying its id', async () => {
    harness = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 } });
    expect(await harness.request({ type: 'hello', protocol: PROTOCOL_VERSION })).toMatchObject({ type: 'ready', protocol: PROTOCOL_VERSION });
    expect(await harness.request({ type: 'configure', network: smallNetwork, train: trainSettings }))
      .toMatchObject({ type: 'configured', parameterCount: null, layerSizes: null });
    expect((await harness.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } })).info.rows).toBe(150);
    expect((await harness.request({ type: 'setDataChoices', choices: { scaling: 'minmax' } })).info.choices.scaling).toBe('minmax');
    expect((await harness.request({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 100_000 } })).layerSizes).toEqual([4, 16, 3]);
    for (const type of ['start', 'pause', 'resume', 'pause', 'step'] as const) expect((await harness.request({ type })).type).toBe('accepted');
    expect(await harness.request({ type: 'updateSettings', changes: { learningRate: 0.001 } })).toMatchObject({ type: 'settingsChanged', changes: { learningRate: 0.001 } });
    expect((await harness.request({ type: 'stop' })).type).toBe('accepted');
    expect((await harness.request({ type: 'exportModel', format: 'json' })).type).toBe('model');
    expect((await harness.request({ type: 'reset' })).type).toBe('accepted');
    const answered = harness.events.filter((e) => 'requestId' in e).map((e) => (e as { requestId: string }).requestId);
    expect(new Set(answered).size).toBe(answered.length); // one message per request, none twice
  });

  it('refuses a model file that is not JSON with a bad-model error', async () => {
    harness = new EngineHarness();
    harness.send({ type: 'importModel', text: '{"format":"something-else"' });
    expect((await harness.next('error')).code).toBe('bad-model');
  });
});
