import { readFileSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { serveEngine, type EngineHostOptions, type EngineService } from '../../src/engine-host';
import type { PortLike } from '../../src/engine-host/port';
import type { AnswerTo, EngineEvent, NetworkDesign, RequestBody, TrainSettingsMessage } from '../../src/shared/protocol';

export const irisText = readFileSync(new URL('../../resources/samples/iris.csv', import.meta.url), 'utf8');

/** serveEngine on one end of a Node MessageChannel; the test drives the other end. */
export class EngineHarness {
  readonly events: EngineEvent[] = [];
  /** what the engine listed to transfer with each event it posted (the buffers are detached on its side afterwards) */
  readonly transfers: { type: string; buffers: ArrayBuffer[] }[] = [];
  private readonly port: MessagePort;
  private readonly service: EngineService;
  private waiters: { match: (event: EngineEvent) => boolean; resolve: (event: EngineEvent) => void }[] = [];

  constructor(options: EngineHostOptions = {}) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // the engine's end, recording each transfer list on its way through
    const engineEnd: PortLike = {
      postMessage: (message, transfer) => {
        this.transfers.push({ type: (message as EngineEvent).type, buffers: transfer });
        port2.postMessage(message, transfer);
      },
      addEventListener: (type, listener) => port2.addEventListener(type, listener as (event: Event) => void),
      removeEventListener: (type, listener) => port2.removeEventListener(type, listener as (event: Event) => void),
      start: () => port2.start(),
    };
    this.service = serveEngine(engineEnd, options);
    port1.on('message', (event: EngineEvent) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => (w.match(event) ? (w.resolve(event), false) : true));
    });
  }

  private counter = 0;

  /** Sends a request under the next id (as the page's connection numbers them); returns the id. */
  send(request: RequestBody): string {
    const requestId = `h${++this.counter}`;
    this.port.postMessage({ ...request, requestId });
    return requestId;
  }

  /** Sends any message as it is (malformed ones included). */
  sendRaw(message: unknown): void {
    this.port.postMessage(message);
  }

  /** Sends a request and waits for the message carrying its id back: its answer, or its error (thrown). */
  async request<T extends RequestBody>(request: T): Promise<AnswerTo<T['type']>> {
    const requestId = this.send(request);
    const answer = await this.answerTo(requestId);
    if (answer.type === 'error') throw Object.assign(new Error(answer.message), { code: answer.code });
    return answer as AnswerTo<T['type']>;
  }

  /** The message (answer or error) that carries `requestId`. */
  answerTo(requestId: string, timeoutMs = 20_000): Promise<EngineEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${requestId} within ${timeoutMs} ms`)), timeoutMs);
      const earlier = this.events.find((e) => (e as { requestId?: string }).requestId === requestId);
      if (earlier) { clearTimeout(timer); resolve(earlier); return; }
      this.waiters.push({
        match: (event) => (event as { requestId?: string }).requestId === requestId,
        resolve: (event) => { clearTimeout(timer); resolve(event); },
      });
    });
  }

  /** The next event (from now on) matching `match`. */
  next<T extends EngineEvent['type']>(type: T, match: (event: Extract<EngineEvent, { type: T }>) => boolean = () => true, timeoutMs = 20_000): Promise<Extract<EngineEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" event within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(',')}`)), timeoutMs);
      this.waiters.push({
        match: (event) => event.type === type && match(event as Extract<EngineEvent, { type: T }>),
        resolve: (event) => { clearTimeout(timer); resolve(event as Extract<EngineEvent, { type: T }>); },
      });
    });
  }

  ofType<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e) => e.type === type) as Extract<EngineEvent, { type: T }>[];
  }

  /** Every finished epoch's number, in order, including those folded into a later event's `earlier`. */
  epochNumbers(): number[] {
    return this.ofType('epoch').flatMap((e) => [...(e.earlier ?? []).map((x) => x.epoch), e.epoch]);
  }

  close(): void {
    this.service.close();
    this.port.close();
  }
}

export const trainSettings: TrainSettingsMessage = {
  epochs: 30, batchSize: 16, learningRate: 0.01,
  optimizer: { name: 'adam', momentum: 0.9, momentumForm: 'classic', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rho: 0.9, weightDecay: 0.01 },
  schedule: { name: 'constant', stepEvery: 10, gamma: 0.5, minLr: 0 },
  l1: 0, l2: 0, clipping: { mode: 'none', threshold: 1 }, earlyStopping: { patience: 0, minDelta: 0 }, seed: 7, shuffle: true, classWeights: 'none',
};

export const smallNetwork: NetworkDesign = { hidden: [{ units: 16, activation: 'relu', dropout: 0 }], init: 'auto' };
