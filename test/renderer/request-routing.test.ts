/**
 * Answers and errors reach the request that asked, through the real engine host (serveEngine on an
 * in-process port) and the page's own PortConnection. The negative control runs the same overlapping
 * requests through a router that matches answers by kind, as guessing from pending flags did: it
 * hands the error to the wrong caller.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { serveEngine, type EngineService } from '../../src/engine-host';
import { EngineRequestError, type RendererPort } from '../../src/renderer/host/connection';
import type { EngineConnection } from '../../src/renderer/host/types';
import type { AnswerTo, EngineEvent, EngineRequest, RequestBody } from '../../src/shared/protocol';
import { InProcessEngine, irisText } from './fixtures';

/** A file read that takes a while: the request behind it is still in the engine when the next one's answer goes out. */
const slowRead = async (path: string): Promise<Uint8Array> => {
  await new Promise((resolve) => setTimeout(resolve, 80));
  if (!path.endsWith('iris.csv')) throw new Error(`no such file: ${path}`);
  return new TextEncoder().encode(irisText);
};

const engineOptions = { readFile: slowRead, pacing: { sliceMs: 0, metricsIntervalMs: 0 } };

/** Which kind of message answers which kind of request, for the router that guesses. */
const ANSWER_KIND: Partial<Record<EngineRequest['type'], EngineEvent['type']>> = {
  loadDataset: 'datasetInfo', predictCsv: 'predictCsvResult', predict: 'prediction', exportModel: 'model', configure: 'configured',
};

/**
 * The negative control: a connection that stamps ids (the engine requires them) but ignores them on
 * the way back; an answer goes to the oldest request waiting for that kind of answer, an error to the oldest request waiting.
 */
class KindRouter implements EngineConnection {
  readonly #waiting: { type: EngineRequest['type']; resolve: (e: EngineEvent) => void; reject: (e: Error) => void }[] = [];
  readonly #service: EngineService;
  readonly #port: RendererPort & { close(): void };
  #counter = 0;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#service = serveEngine(port2 as never, engineOptions);
    this.#port = port1 as never;
    this.#port.addEventListener('message', (event) => this.#route(event.data as EngineEvent));
    this.#port.start?.();
  }

  request<T extends RequestBody>(body: T): Promise<AnswerTo<T['type']>> {
    this.#port.postMessage({ ...body, requestId: `k${++this.#counter}` }, []);
    return new Promise((resolve, reject) => this.#waiting.push({ type: body.type, resolve: resolve as (e: EngineEvent) => void, reject }));
  }

  onEvent(): () => void { return () => undefined; }

  close(): void { this.#service.close(); this.#port.close(); }

  #route(event: EngineEvent): void {
    const index = event.type === 'error' ? 0 : this.#waiting.findIndex((w) => ANSWER_KIND[w.type] === event.type);
    const [waiter] = index >= 0 ? this.#waiting.splice(index, 1) : [];
    if (!waiter) return;
    if (event.type === 'error') waiter.reject(new EngineRequestError(event.code, event.message));
    else waiter.resolve(event);
  }
}

type LoadRequest = Extract<RequestBody, { type: 'loadDataset' }>;

type Outcome = { answered: string } | { failed: string };

/** What a request came to: the answer's own detail, or the error's code. */
async function outcome<T>(promise: Promise<T>, detail: (answer: T) => string): Promise<Outcome> {
  try {
    return { answered: detail(await promise) };
  } catch (error) {
    return { failed: (error as EngineRequestError).code };
  }
}

/** Two loads in flight at once: a slow one that succeeds, then a malformed one the engine refuses at once. */
async function overlappingLoads(connection: EngineConnection): Promise<Outcome[]> {
  const good = connection.request({ type: 'loadDataset', source: { kind: 'path', path: '/data/iris.csv' } });
  const malformed = connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'x.csv' } } as unknown as LoadRequest);
  return Promise.all([outcome(good, (a) => a.info.name), outcome(malformed, (a) => a.info.name)]);
}

/** Trains a small iris network to its end through `connection`. */
async function trainedIris(engine: InProcessEngine): Promise<void> {
  const done = new Promise((resolve) => engine.connection.onEvent((event) => { if (event.type === 'done') resolve(event); }));
  await engine.connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  await engine.connection.request({ type: 'configure', network: { hidden: [{ units: 8, activation: 'relu', dropout: 0 }], init: 'auto' },
    train: { epochs: 5, batchSize: 16, learningRate: 0.01, seed: 3, shuffle: true, classWeights: 'none', l1: 0, l2: 0,
      optimizer: { name: 'adam', momentum: 0.9, momentumForm: 'classic', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rho: 0.9, weightDecay: 0.01 },
      schedule: { name: 'constant', stepEvery: 10, gamma: 0.5, minLr: 0 }, clipping: { mode: 'none', threshold: 1 }, earlyStopping: { patience: 0, minDelta: 0 } } });
  await engine.connection.request({ type: 'start' });
  await done;
}

const closers: { close(): void }[] = [];
afterEach(() => { for (const c of closers.splice(0)) c.close(); });

function engine(): InProcessEngine {
  const made = new InProcessEngine(engineOptions);
  closers.push(made);
  return made;
}

describe('requests routed by id through the real engine host', () => {
  test('two loads in flight: the slow one gets its dataset, the malformed one (refused first) its error', async () => {
    expect(await overlappingLoads(engine().connection)).toEqual([{ answered: 'iris.csv' }, { failed: 'malformed-message' }]);
  });

  test('negative control: a router that matches by kind hands the malformed load\'s error to the slow load', async () => {
    const guessing = new KindRouter();
    closers.push(guessing);
    // the error went to the first request waiting (the good load), and the dataset to the malformed one
    expect(await overlappingLoads(guessing)).toEqual([{ failed: 'malformed-message' }, { answered: 'iris.csv' }]);
  });

  test('two loads in flight where the second fails on its data: each caller gets its own answer', async () => {
    const { connection } = engine();
    const first = connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'a.csv', text: irisText } });
    const second = connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'b.csv', text: 'x,y,label\n1,2,a\n3,4,5,6\n' } });
    expect(await outcome(first, (a) => a.info.name)).toEqual({ answered: 'a.csv' });
    await expect(second).rejects.toMatchObject({ code: expect.any(String), line: 3 });
  });

  test('two batch predictions in flight: the slow file gets its rows back, the malformed one its error', async () => {
    const made = engine();
    await trainedIris(made);
    const slow = made.connection.request({ type: 'predictCsv', source: { kind: 'path', path: '/data/iris.csv' } });
    const malformed = made.connection.request({ type: 'predictCsv', source: { kind: 'path', path: '' } } as never);
    expect(await Promise.all([outcome(slow, (a) => String(a.rows)), outcome(malformed, () => 'answered')]))
      .toEqual([{ answered: '150' }, { failed: 'malformed-message' }]);
  });

  test('two predictions and two exports in flight: each answer is the one for its own request', async () => {
    const made = engine();
    await trainedIris(made);
    const setosa = { sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' };
    const virginica = { sepal_length: '7.7', sepal_width: '3.0', petal_length: '6.1', petal_width: '2.3' };
    const alone = async (row: typeof setosa) => (await made.connection.request({ type: 'predict', rows: [row] })).outputs;
    const [expectedSetosa, expectedVirginica] = [await alone(setosa), await alone(virginica)];
    const [a, b, json, python] = await Promise.all([
      made.connection.request({ type: 'predict', rows: [setosa] }), made.connection.request({ type: 'predict', rows: [virginica] }),
      made.connection.request({ type: 'exportModel', format: 'json' }), made.connection.request({ type: 'exportModel', format: 'python' }),
    ]);
    expect(a.outputs).toEqual(expectedSetosa);
    expect(b.outputs).toEqual(expectedVirginica);
    expect(expectedSetosa).not.toEqual(expectedVirginica); // the check can tell the two apart
    expect([json.format, json.fileName]).toEqual(['json', 'iris.model.json']);
    expect([python.format, python.fileName.endsWith('.py')]).toEqual(['python', true]);
  });
});
