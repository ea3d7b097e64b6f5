import { Route, Routes } from 'react-router-dom';
import { ExceptionsContent } from './exceptions/ExceptionsContent';
import { ImpactContent } from './ImpactContent';

/** Everything under the plugin's page: the Impact page, and the exceptions page under it. */
export function GoldenPathPages() {
  return (
    <Routes>
      <Route path="/" element={<ImpactContent />} />
      <Route path="exceptions/*" element={<ExceptionsContent />} />
    </Routes>
  );
}
