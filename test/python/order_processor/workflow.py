"""The quickstart's order_processing_workflow and its five activities, as the seed's Python quickstart shows them.

Inventory lives in a Dapr state store (STORE_NAME), read and written by the activities through DaprClient.
Orders over APPROVAL_THRESHOLD wait for the manager_approval event, raced against a timer of
APPROVAL_TIMEOUT_SECONDS (the seed's 200 s unless ORDER_APPROVAL_TIMEOUT_SECONDS says otherwise).
"""
import json
import logging
import os
from datetime import timedelta

from dapr.clients import DaprClient
from dapr.conf import settings
from dapr.ext.workflow import DaprWorkflowContext, WorkflowActivityContext, when_any

from model import InventoryItem, InventoryRequest, InventoryResult, Notification, OrderPayload, OrderResult, PaymentRequest

STORE_NAME = 'statestore'
APPROVAL_THRESHOLD = 50000
APPROVAL_TIMEOUT_SECONDS = float(os.environ.get('ORDER_APPROVAL_TIMEOUT_SECONDS', '200'))

# Every notification the activities sent in this process, in order (the app prints them at the end).
NOTIFICATIONS: list = []

logging.basicConfig(level=logging.INFO)


def order_processing_workflow(ctx: DaprWorkflowContext, order_payload_str: OrderPayload):
    """Checks the inventory, asks a manager to approve orders over the threshold, takes the payment and
    updates the inventory; the result says whether the order was processed."""
    order_id = ctx.instance_id
    order_payload = json.loads(order_payload_str)
    item, quantity, total_cost = order_payload['item_name'], order_payload['quantity'], order_payload['total_cost']
    yield ctx.call_activity(notify_activity, input=Notification(
        message=f'Received order {order_id} for {quantity} {item} at ${total_cost} !'))
    result = yield ctx.call_activity(verify_inventory_activity, input=InventoryRequest(
        request_id=order_id, item_name=item, quantity=quantity))
    if not result.success:
        yield ctx.call_activity(notify_activity, input=Notification(message=f'Insufficient inventory for {item}!'))
        return OrderResult(processed=False)

    if total_cost > APPROVAL_THRESHOLD:
        yield ctx.call_activity(requst_approval_activity, input=order_payload)
        approval_task = ctx.wait_for_external_event('manager_approval')
        timeout_event = ctx.create_timer(timedelta(seconds=APPROVAL_TIMEOUT_SECONDS))
        winner = yield when_any([approval_task, timeout_event])
        if winner == timeout_event:
            yield ctx.call_activity(notify_activity, input=Notification(
                message=f'Payment for order {order_id} has been cancelled due to timeout!'))
            return OrderResult(processed=False)
        approval_result = yield approval_task
        if not approval_result['approval']:
            yield ctx.call_activity(notify_activity, input=Notification(
                message=f'Payment for order {order_id} has been rejected!'))
            return OrderResult(processed=False)
        yield ctx.call_activity(notify_activity, input=Notification(
            message=f'Payment for order {order_id} has been approved!'))

    payment = PaymentRequest(request_id=order_id, item_being_purchased=item, amount=total_cost, quantity=quantity)
    yield ctx.call_activity(process_payment_activity, input=payment)
    try:
        yield ctx.call_activity(update_inventory_activity, input=payment)
    except Exception:
        yield ctx.call_activity(notify_activity, input=Notification(message=f'Order {order_id} Failed!'))
        return OrderResult(processed=False)

    yield ctx.call_activity(notify_activity, input=Notification(message=f'Order {order_id} has completed!'))
    return OrderResult(processed=True)


def _dapr_client() -> DaprClient:
    return DaprClient(f'{settings.DAPR_RUNTIME_HOST}:{settings.DAPR_GRPC_PORT}')


def notify_activity(ctx: WorkflowActivityContext, input: Notification):
    """Logs a notification for the customer."""
    logging.getLogger('NotifyActivity').info(input.message)
    NOTIFICATIONS.append(input.message)


def process_payment_activity(ctx: WorkflowActivityContext, input: PaymentRequest):
    """Processes and authorizes the payment."""
    logger = logging.getLogger('ProcessPaymentActivity')
    logger.info(f'Processing payment: {input.request_id} for {input.quantity} {input.item_being_purchased} '
                f'at {input.amount} USD')
    logger.info(f'Payment for request ID {input.request_id} processed successfully')


def verify_inventory_activity(ctx: WorkflowActivityContext, input: InventoryRequest) -> InventoryResult:
    """Checks the state store for enough of the item."""
    logger = logging.getLogger('VerifyInventoryActivity')
    logger.info(f'Verifying inventory for order {input.request_id} of {input.quantity} {input.item_name}')
    with _dapr_client() as client:
        result = client.get_state(STORE_NAME, input.item_name)
    if not result.data:
        return InventoryResult(False, None)
    stock = json.loads(result.data.decode('utf-8'))
    logger.info(f'There are {stock["quantity"]} {stock["name"]} available for purchase')
    item = InventoryItem(item_name=input.item_name, per_item_cost=stock['per_item_cost'], quantity=stock['quantity'])
    return InventoryResult(stock['quantity'] >= input.quantity, item)


def update_inventory_activity(ctx: WorkflowActivityContext, input: PaymentRequest):
    """Takes the purchased items out of the state store's inventory."""
    logger = logging.getLogger('UpdateInventoryActivity')
    logger.info(f'Checking inventory for order {input.request_id} for {input.quantity} {input.item_being_purchased}')
    with _dapr_client() as client:
        stock = json.loads(client.get_state(STORE_NAME, input.item_being_purchased).data.decode('utf-8'))
        new_quantity = stock['quantity'] - input.quantity
        if new_quantity < 0:
            raise ValueError(f'Payment for request ID {input.request_id} could not be processed. Insufficient inventory.')
        stock['quantity'] = new_quantity
        client.save_state(STORE_NAME, input.item_being_purchased, json.dumps(stock))
        logger.info(f'There are now {new_quantity} {input.item_being_purchased} left in stock')


def requst_approval_activity(ctx: WorkflowActivityContext, input: OrderPayload):
    """Asks the manager to approve a payment over the threshold (the seed's spelling of the name)."""
    logging.getLogger('RequestApprovalActivity').info(
        f'Requesting approval for payment of {input["total_cost"]} USD for {input["quantity"]} {input["item_name"]}')
