"""The seed's Python quickstart console app: registers the order workflow, restocks the inventory in the state
store, starts orders with DaprClient.start_workflow, polls DaprClient.get_workflow and, for orders over the
threshold, raises manager_approval with DaprClient.raise_workflow_event (these calls exist up to dapr 1.17.x).

It finds its sidecar as any Dapr app does, through DAPR_GRPC_PORT and DAPR_HTTP_PORT (and DAPR_API_TOKEN).
  python app.py [item:quantity ...]         (default: the seed's order, cars:10)
  ORDER_APPROVAL_DELAY_SECONDS  seconds before the app raises manager_approval (the seed's 10)
  MANAGER_APPROVAL              approve (default), reject, or none (never raised: the workflow's timer wins)
The last line of stdout is one JSON object with every order's outcome, the inventory and the notifications.
"""
import json
import os
import sys
import threading
import warnings
from datetime import datetime
from time import sleep

from dapr.clients import DaprClient
from dapr.conf import settings
from dapr.ext.workflow import WorkflowRuntime
from dapr.version import __version__ as dapr_version

from model import InventoryItem, OrderPayload
from workflow import (APPROVAL_THRESHOLD, NOTIFICATIONS, STORE_NAME, notify_activity, order_processing_workflow,
                      process_payment_activity, requst_approval_activity, update_inventory_activity,
                      verify_inventory_activity)

workflow_component = 'dapr'
workflow_name = 'order_processing_workflow'
approval_delay_seconds = float(os.environ.get('ORDER_APPROVAL_DELAY_SECONDS', '10'))
manager_approval = os.environ.get('MANAGER_APPROVAL', 'approve')
give_up_after_seconds = 60

# The SDK warns that these DaprClient workflow calls are deprecated; the seed's app uses them all the same.
warnings.filterwarnings('ignore', message='This Workflow API', category=UserWarning)


class WorkflowConsoleApp:
    def main(self, orders):
        workflow_runtime = WorkflowRuntime(settings.DAPR_RUNTIME_HOST, settings.DAPR_GRPC_PORT)
        workflow_runtime.register_workflow(order_processing_workflow)
        workflow_runtime.register_activity(notify_activity)
        workflow_runtime.register_activity(requst_approval_activity)
        workflow_runtime.register_activity(verify_inventory_activity)
        workflow_runtime.register_activity(process_payment_activity)
        workflow_runtime.register_activity(update_inventory_activity)
        workflow_runtime.start()

        base_inventory = {
            'paperclip': InventoryItem('Paperclip', 5, 100),
            'cars': InventoryItem('Cars', 15000, 100),
            'computers': InventoryItem('Computers', 500, 100),
        }
        with DaprClient(address=f'{settings.DAPR_RUNTIME_HOST}:{settings.DAPR_GRPC_PORT}') as dapr_client:
            self.restock_inventory(dapr_client, base_inventory)
            outcomes = [self.purchase(dapr_client, base_inventory, item, quantity) for item, quantity in orders]
            inventory = {key: json.loads(dapr_client.get_state(STORE_NAME, key).data)['quantity'] for key in base_inventory}
        workflow_runtime.shutdown()
        print(json.dumps({'dapr': dapr_version, 'orders': outcomes, 'inventory': inventory, 'notifications': NOTIFICATIONS}),
              flush=True)

    def purchase(self, dapr_client: DaprClient, base_inventory, item_name: str, order_quantity: int):
        print('==========Begin the purchase of item:==========', flush=True)
        total_cost = order_quantity * base_inventory[item_name].per_item_cost
        order = OrderPayload(item_name=item_name, quantity=order_quantity, total_cost=total_cost)
        print(f'Starting order workflow, purchasing {order_quantity} of {item_name}', flush=True)
        start_resp = dapr_client.start_workflow(workflow_component=workflow_component, workflow_name=workflow_name,
                                                input=order)
        _id = start_resp.instance_id

        def prompt_for_approval():
            dapr_client.raise_workflow_event(instance_id=_id, workflow_component=workflow_component,
                                             event_name='manager_approval',
                                             event_data={'approval': manager_approval == 'approve'})

        approval_seeked = False
        start_time = datetime.now()
        while True:
            time_delta = datetime.now() - start_time
            state = dapr_client.get_workflow(instance_id=_id, workflow_component=workflow_component)
            if state.runtime_status in ('Completed', 'Failed', 'Terminated'):
                print(f'Workflow completed! Result: {state.runtime_status}', flush=True)
                break
            if time_delta.total_seconds() >= give_up_after_seconds:
                print(f'Gave up waiting: the workflow is still {state.runtime_status}', flush=True)
                break
            if (time_delta.total_seconds() >= approval_delay_seconds and total_cost > APPROVAL_THRESHOLD
                    and manager_approval != 'none' and not approval_seeked):
                approval_seeked = True
                threading.Thread(target=prompt_for_approval, daemon=True).start()
            sleep(0.1)

        print('Purchase of item is ', state.runtime_status, flush=True)
        output = state.properties.get('dapr.workflow.output')
        return {
            'instance_id': _id,
            'item': item_name,
            'quantity': order_quantity,
            'total_cost': total_cost,
            'runtime_status': state.runtime_status,
            'workflow_name': state.workflow_name,
            'output': json.loads(output) if output else None,
            'failure': state.properties.get('dapr.workflow.failure.error_message'),
            'approval_raised': approval_seeked,
        }

    def restock_inventory(self, dapr_client: DaprClient, base_inventory):
        for key, item in base_inventory.items():
            print(f'item: {item}', flush=True)
            stock = {'name': item.item_name, 'quantity': item.quantity, 'per_item_cost': item.per_item_cost}
            dapr_client.save_state(STORE_NAME, key, json.dumps(stock))


def parse_orders(args):
    orders = []
    for arg in args or ['cars:10']:
        item, _, quantity = arg.partition(':')
        orders.append((item, int(quantity)))
    return orders


if __name__ == '__main__':
    WorkflowConsoleApp().main(parse_orders(sys.argv[1:]))
