"""The quickstart's order run with DaprWorkflowClient (what dapr-ext-workflow offers since DaprClient's workflow
calls were removed), plus a RetryPolicy on an activity that fails: schedule, wait for start and completion, raise
the manager's approval, read the state.

It finds its sidecar as any Dapr app does, through DAPR_GRPC_PORT and DAPR_HTTP_PORT (and DAPR_API_TOKEN).
  python workflow_client_app.py <instance-id prefix>
The last line of stdout is one JSON object with each instance's state as DaprWorkflowClient reports it.
"""
import json
import sys
from importlib.metadata import PackageNotFoundError, version

from dapr.clients import DaprClient
from dapr.ext.workflow import DaprWorkflowClient, WorkflowRuntime, WorkflowState

from model import OrderPayload
from retries import ATTEMPTS, flaky_activity, retry_workflow
from workflow import (NOTIFICATIONS, STORE_NAME, notify_activity, order_processing_workflow, process_payment_activity,
                      requst_approval_activity, update_inventory_activity, verify_inventory_activity)

WAIT_SECONDS = 60


def state_of(state: WorkflowState) -> dict:
    """The parts of a WorkflowState the test compares (status by name, payloads as sent)."""
    failure = state.failure_details
    return {
        'instance_id': state.instance_id,
        'name': state.name,
        'runtime_status': state.runtime_status.name,
        'input': state.serialized_input,
        'output': state.serialized_output,
        'failure': {'type': failure.error_type, 'message': failure.message} if failure else None,
        'created_before_updated': state.created_at <= state.last_updated_at,
    }


def installed_version(distribution: str):
    """The installed version of a distribution, or None (dapr 1.19 has no separate dapr-ext-workflow)."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def main(prefix: str):
    workflow_runtime = WorkflowRuntime()
    workflow_runtime.register_workflow(order_processing_workflow)
    for activity in (notify_activity, requst_approval_activity, verify_inventory_activity, process_payment_activity,
                     update_inventory_activity):
        workflow_runtime.register_activity(activity)
    workflow_runtime.register_workflow(retry_workflow)
    workflow_runtime.register_activity(flaky_activity)
    workflow_runtime.start()

    with DaprClient() as dapr_client:
        dapr_client.save_state(STORE_NAME, 'cars', json.dumps({'name': 'Cars', 'quantity': 100, 'per_item_cost': 15000}))
        client = DaprWorkflowClient()

        order = OrderPayload(item_name='cars', quantity=10, total_cost=150000)
        order_id = client.schedule_new_workflow(order_processing_workflow, input=order.to_json(), instance_id=f'{prefix}-order')
        started = client.wait_for_workflow_start(order_id, timeout_in_seconds=WAIT_SECONDS)
        client.raise_workflow_event(order_id, 'manager_approval', data={'approval': True})
        order_state = client.wait_for_workflow_completion(order_id, timeout_in_seconds=WAIT_SECONDS)

        recovers = client.schedule_new_workflow(retry_workflow, input={'fail_times': 2, 'max_attempts': 3},
                                                instance_id=f'{prefix}-retry-recovers')
        gives_up = client.schedule_new_workflow(retry_workflow, input={'fail_times': 5, 'max_attempts': 2},
                                                instance_id=f'{prefix}-retry-gives-up')
        recovered = client.wait_for_workflow_completion(recovers, timeout_in_seconds=WAIT_SECONDS)
        gave_up = client.wait_for_workflow_completion(gives_up, timeout_in_seconds=WAIT_SECONDS)
        later = client.get_workflow_state(order_id, fetch_payloads=False)
        missing = client.get_workflow_state(f'{prefix}-never-started')
        cars_left = json.loads(dapr_client.get_state(STORE_NAME, 'cars').data)['quantity']
    workflow_runtime.shutdown()

    print(json.dumps({
        'dapr': version('dapr'),
        'dapr_ext_workflow': installed_version('dapr-ext-workflow'),
        'order': {
            'started_status': started.runtime_status.name,
            'state': state_of(order_state),
            'without_payloads': {'runtime_status': later.runtime_status.name, 'input': later.serialized_input},
            'cars_left': cars_left,
        },
        'retry_recovers': state_of(recovered),
        'retry_gives_up': state_of(gave_up),
        'attempts': {recovers: ATTEMPTS.get(recovers), gives_up: ATTEMPTS.get(gives_up)},
        'missing_instance': missing is None,
        'notifications': NOTIFICATIONS,
    }), flush=True)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'wfclient')
