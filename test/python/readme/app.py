from dapr.ext.workflow import DaprWorkflowClient, DaprWorkflowContext, WorkflowActivityContext, WorkflowRuntime, when_all

wfr = WorkflowRuntime()


@wfr.activity(name='greet')
def greet(ctx: WorkflowActivityContext, name: str) -> str:
    return f'Hello {name}!'


@wfr.workflow(name='greetings_py')
def greetings(ctx: DaprWorkflowContext, names: list):
    all_greetings = yield when_all([ctx.call_activity(greet, input=n) for n in names])
    send = yield ctx.wait_for_external_event('send')
    return all_greetings if send else []


wfr.start()
client = DaprWorkflowClient()
instance_id = client.schedule_new_workflow(workflow=greetings, input=['Ada', 'Linus'])
print(f'started {instance_id}: raise "send" with payload true from the dashboard', flush=True)
state = client.wait_for_workflow_completion(instance_id, timeout_in_seconds=600)
print(state.serialized_output)
wfr.shutdown()
