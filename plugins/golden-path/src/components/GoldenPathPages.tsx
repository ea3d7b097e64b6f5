import { Route, Routes } from 'react-router-dom';
import { ExceptionsContent } from './exceptions/ExceptionsContent';
import { ImpactContent } from './ImpactContent';
import { ReadableErrorColors } from './ReadableErrorColors';

/** Everything under the plugin's page: the Impact page, and the exceptions page under it. */
export function GoldenPathPages() {
  return (
    <ReadableErrorColors>
      <Routes>
        <Route path="/" element={<ImpactContent />} />
        <Route path="exceptions/*" element={<ExceptionsContent />} />
      </Routes>
    </ReadableErrorColors>
  );
}
