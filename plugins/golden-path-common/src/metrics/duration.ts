/** Seconds in an ISO-8601 duration (`P3D`, `PT45M`, `P1DT2H`, `PT1.5H`); undefined when invalid. @public */
export function parseIsoDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text.trim(),
    );
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m.map(x => (x === undefined ? 0 : Number(x)));
  return Math.round(w * 604800 + d * 86400 + h * 3600 + min * 60 + s);
}
