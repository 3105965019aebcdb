import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and WASM database drivers must stay as runtime requires, not be bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg'],
  allowedDevOrigins: ['127.0.0.1'],
  poweredByHeader: false,
};

export default nextConfig;
