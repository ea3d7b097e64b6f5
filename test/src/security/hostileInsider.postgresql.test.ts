import { hostileInsiderSuite, VARIANTS } from './hostileInsider.suite';

hostileInsiderSuite(VARIANTS.postgresql);
