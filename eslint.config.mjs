import next from 'eslint-config-next';

const config = [
  { ignores: ['.next/**', 'node_modules/**', 'lib/db/generated/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  ...next,
];

export default config;
