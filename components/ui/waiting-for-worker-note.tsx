/** A small note beside a status: the instance waits for a Dapr SDK worker to connect (its app is not running). */
export function WaitingForWorkerNote() {
  return (
    <span className="worker-note" title="No Dapr SDK worker is connected: start the app that registers this workflow">
      waiting for a worker
    </span>
  );
}
