import { Header, Page } from '@backstage/core-components';
import { GoldenPathPages } from './GoldenPathPages';

/** The Impact page (and the exceptions page under it) for the legacy frontend system (renders its own header). */
export function ImpactPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Golden Path Impact"
        subtitle="Tickets, hours and money the Golden Paths removed from the queue"
      />
      <GoldenPathPages />
    </Page>
  );
}
