import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { MetricsQuery } from '@golden-path/plugin-golden-path-common/client';

/** Downloads the period's runs as CSV through the authenticated client (a plain link would lack the token). */
export function ExportButton({
  query,
  fileName,
}: {
  query: MetricsQuery;
  fileName: string;
}) {
  const api = useApi(goldenPathApiRef);
  const alerts = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const url = URL.createObjectURL(await api.exportCsv(query));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      alerts.post({
        message: `CSV export failed: ${
          e instanceof Error ? e.message : String(e)
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<GetAppIcon />}
      onClick={download}
      disabled={busy}
      data-testid="gp-export"
    >
      Export CSV
    </Button>
  );
}
