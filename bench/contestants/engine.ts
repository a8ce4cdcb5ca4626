import { Network, Trainer, createKernels, defaultTrainSettings, type KernelTier } from '../../src/engine';
import { specOf, type Workload } from '../workloads';
import type { Contestant, Runner } from './types';

/** The engine's own Trainer on one kernel tier (what the app runs: shuffle, gather, step, metrics). */
export function engineContestant(tier: Exclude<KernelTier, 'auto'>): Contestant {
  return {
    name: `engine ${tier}`,
    async unavailable() {
      return createKernels(tier).name === tier ? null : `${tier} kernels are not available in this runtime`;
    },
    async prepare(workload: Workload): Promise<Runner> {
      const net = new Network(specOf(workload), { kernels: createKernels(tier) });
      const trainer = new Trainer(net, {
        ...defaultTrainSettings, epochs: 1_000_000, batchSize: workload.batchSize, learningRate: workload.learningRate,
        optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' }, seed: 1,
      }, workload.train);
      return { step: () => trainer.step().metrics.rows };
    },
  };
}
