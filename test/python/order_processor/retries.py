"""A workflow whose activity fails a given number of times before it succeeds, called with the SDK's RetryPolicy."""
import threading
from datetime import timedelta

from dapr.ext.workflow import DaprWorkflowContext, RetryPolicy, WorkflowActivityContext

# Attempts each instance's flaky_activity has made in this process, by instance ID.
ATTEMPTS: dict = {}
_attempts_lock = threading.Lock()


def retry_workflow(ctx: DaprWorkflowContext, plan: dict):
    """Calls flaky_activity, which fails plan['fail_times'] times, with at most plan['max_attempts'] attempts
    spaced by a short back-off; returns the activity's result (or fails when every attempt failed)."""
    policy = RetryPolicy(
        first_retry_interval=timedelta(milliseconds=200),
        max_number_of_attempts=plan['max_attempts'],
        backoff_coefficient=2,
        max_retry_interval=timedelta(seconds=1),
    )
    result = yield ctx.call_activity(flaky_activity, input=plan['fail_times'], retry_policy=policy)
    return result


def flaky_activity(ctx: WorkflowActivityContext, fail_times: int) -> str:
    """Raises on the first fail_times attempts of its workflow instance, then reports which attempt succeeded."""
    with _attempts_lock:
        attempt = ATTEMPTS[ctx.workflow_id] = ATTEMPTS.get(ctx.workflow_id, 0) + 1
    if attempt <= fail_times:
        raise RuntimeError(f'flaky_activity failed on attempt {attempt}')
    return f'succeeded on attempt {attempt}'
