// The EPSG names table that vite.config.ts builds from epsg-index (see epsgNames there).
declare module 'virtual:epsg-names' {
  const names: Record<string, { code: string; kind: string; name: string }>;
  export default names;
}
