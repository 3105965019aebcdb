// `npm run worker`: a standalone engine process (no HTTP) that runs workflows and activities from the
// same database as the app, and serves the gRPC sidecar (FLOWDECK_GRPC_PORT) unless another process on this
// machine already has the port. Run several to share the work (PostgreSQL for more than one machine).
// It outlives database outages (the engine backs off and resumes by itself, see docs/ENGINE.md "Failure modes");
// a database that cannot be reached when it starts stops it with a one-line error, as `npm start`.
// FLOWDECK_METRICS_PORT serves its Prometheus metrics on GET /metrics of that port.
import { redactUrl, resolveDatabaseConfig } from '../lib/db/config';
import { startSidecarFromEnv } from '../lib/sidecar/sidecar-env';
import { getEngineHost, stopEngineHost } from '../lib/server/engine-host';
import { metricsSettingsFromEnv } from '../lib/observability/metrics-env';
import { startMetricsServer, type MetricsServer } from '../lib/observability/metrics-server';

async function main(): Promise<void> {
  const config = resolveDatabaseConfig();
  const host = await getEngineHost();
  const sidecar = await startSidecarFromEnv(getEngineHost).catch(async (error: unknown) => {
    await stopEngineHost();
    throw error;
  });
  const metricsSettings = metricsSettingsFromEnv();
  let metricsServer: MetricsServer | undefined;
  if (metricsSettings.port !== undefined && host.metrics) {
    metricsServer = await startMetricsServer(host.metrics, { port: metricsSettings.port, isPublic: metricsSettings.public }).catch(async (error: unknown) => {
      await sidecar?.stop();
      await stopEngineHost();
      throw new Error(`cannot serve metrics on port ${metricsSettings.port}: ${error instanceof Error ? error.message : String(error)}`);
    });
    console.log(`Flowdeck worker metrics on http://0.0.0.0:${metricsServer.port}/metrics`);
  }
  console.log(`Flowdeck worker ${host.runtime.options.workerId} running on ${redactUrl(config.url)} (Ctrl-C to stop)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing running activities and releasing leases...`);
    try {
      await metricsServer?.close();
      await sidecar?.stop();
      await stopEngineHost();
    } catch (error) {
      // The database is down: the leases stay until they expire (or a live worker takes them over), as after a crash.
      console.error(`flowdeck worker: stopped without releasing its leases: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`flowdeck worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
