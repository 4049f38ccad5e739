import { startBackground } from '../src/extension/background.ts';

export default defineBackground(() => startBackground());
