import { join } from 'node:path';
import { DEFAULT_RESTART_BUDGET, mayRestart, type RestartBudget } from './restart-budget';

/** The slice of a child process the supervisor needs: Electron's UtilityProcess, or Node's ChildProcess in tests. */
export interface EngineProcess {
  readonly pid?: number;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  kill(): boolean;
}

export interface SupervisorOptions<P extends EngineProcess> {
  /**
   * Starts one engine process; `serviceName` is unique per start (it names the process in the OS and in crash reports);
   * `reason` 'restart' when the previous one died (it then continues the run it was training from its checkpoint).
   */
  fork(serviceName: string, reason: 'start' | 'restart'): P;
  /** The new process is up (first start or restart): hand ports to the renderers. */
  onStarted(process: P, reason: 'start' | 'restart', restarts: number): void;
  /** The budget is spent: true to start again (the budget resets), false to stay down. */
  askUser(message: string): Promise<boolean>;
  /** The engine stays down (the user declined). */
  onGaveUp(message: string): void;
  budget?: RestartBudget;
  now?: () => number;
}

/**
 * Keeps one engine process alive: forks it, and when it crashes or exits on its own restarts it,
 * at most 3 times in 5 minutes; after that it asks the user, then restarts or stays down.
 */
export class EngineSupervisor<P extends EngineProcess> {
  private current: P | null = null;
  private restartTimes: number[] = [];
  private starts = 0;
  private stopping = false;
  private readonly now: () => number;

  constructor(private readonly options: SupervisorOptions<P>) {
    this.now = options.now ?? Date.now;
  }

  get process(): P | null { return this.current; }
  get restarts(): number { return this.restartTimes.length; }

  start(): P {
    this.stopping = false;
    return this.spawn('start');
  }

  /** Ends the engine on purpose (app quit): no restart. */
  stop(): void {
    this.stopping = true;
    this.current?.kill();
    this.current = null;
  }

  private spawn(reason: 'start' | 'restart'): P {
    this.starts++;
    const child = this.options.fork(`backprop-engine-${this.starts}-${this.now().toString(36)}`, reason);
    this.current = child;
    child.on('exit', (code) => this.onExit(child, code));
    this.options.onStarted(child, reason, this.restartTimes.length);
    return child;
  }

  private async onExit(child: P, code: number | null): Promise<void> {
    if (child !== this.current || this.stopping) return;
    this.current = null;
    const now = this.now();
    if (mayRestart(this.restartTimes, now, this.options.budget ?? DEFAULT_RESTART_BUDGET)) {
      this.restartTimes.push(now);
      this.spawn('restart');
      return;
    }
    const message = `The training engine stopped unexpectedly (exit code ${code ?? 'none'}) ${this.restartTimes.length} times in a few minutes.`;
    if (await this.options.askUser(message)) {
      this.restartTimes = [];
      this.spawn('restart');
    } else {
      this.options.onGaveUp(message);
    }
  }
}

/** The engine process's arguments: its checkpoint folder under the app's user data, and --resume when it replaces one that died. */
export function engineArguments(userData: string, reason: 'start' | 'restart'): string[] {
  return ['--checkpoints', join(userData, 'checkpoints'), ...(reason === 'restart' ? ['--resume'] : [])];
}
