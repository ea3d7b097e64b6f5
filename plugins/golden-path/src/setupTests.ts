import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait longer than the 1 s default: lazy pages and tables are slow under load.
configure({ asyncUtilTimeout: 10_000 });

// Material tables and charts render slowly in jsdom on small CI machines.
jest.setTimeout(30_000);

// Recharts measures its container with ResizeObserver, which jsdom lacks.
(global as any).ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
