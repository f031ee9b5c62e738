export * from './schema';
export * from './requests';
export * from './limits';
export * from './newVm';
