/**
 * Loaded into a bench's server process only (`node --expose-gc --import` this): SIGUSR2 runs a full
 * garbage collection, so the memory read next is what the server holds, not what it has yet to free.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on('SIGUSR2', () => collect());
export {};
