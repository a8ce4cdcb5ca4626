import type { SampleInfo, SampleName } from './types';

/** The datasets shipped in resources/samples, the same list on every host. */
export const SAMPLES: SampleInfo[] = [
  { name: 'iris', title: 'Iris flowers', file: 'iris.csv', description: '150 rows × 5 columns, 3 classes' },
  { name: 'digits', title: 'Handwritten digits 8×8', file: 'digits-8x8.csv', description: '1,797 rows × 65 columns, 10 classes' },
  { name: 'mnist', title: 'MNIST 10k', file: 'mnist-10k.csv.gz', description: '10,000 rows × 785 columns, 10 classes' },
];

export function sampleFile(name: SampleName): string {
  const sample = SAMPLES.find((s) => s.name === name);
  if (!sample) throw new Error(`no sample named "${name}"; samples are ${SAMPLES.map((s) => s.name).join(', ')}`);
  return sample.file;
}
