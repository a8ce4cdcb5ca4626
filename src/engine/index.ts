/** The engine's public surface: everything other src folders may use. */
export * from './dataset';
export * from './evaluate';
export * from './functions';
export * from './gradcheck';
export * from './kernels';
export * from './metrics';
export * from './model-file';
export * from './network';
export * from './optimizers';
export * from './passes';
export * from './random';
export * from './regularize';
export * from './trainer';
export { clonePlain } from './plain';
export * from './data';
