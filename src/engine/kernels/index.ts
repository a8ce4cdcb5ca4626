export type { Floats, Kernels } from './types';
export { typedArrayKernels } from './typed-array';
