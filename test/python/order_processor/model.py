"""The quickstart's data types: plain dataclasses, which the workflow SDK serializes as JSON objects."""
import json
from dataclasses import asdict, dataclass
from typing import Optional


@dataclass
class OrderPayload:
    item_name: str
    total_cost: int
    quantity: int

    def to_json(self) -> str:
        """The order as a JSON text: the workflow receives this string and parses it itself."""
        return json.dumps(asdict(self))


@dataclass
class InventoryItem:
    item_name: str
    per_item_cost: int
    quantity: int


@dataclass
class InventoryRequest:
    request_id: str
    item_name: str
    quantity: int


@dataclass
class InventoryResult:
    success: bool
    inventory_item: Optional[InventoryItem]


@dataclass
class PaymentRequest:
    request_id: str
    item_being_purchased: str
    amount: int
    quantity: int


@dataclass
class OrderResult:
    processed: bool


@dataclass
class Notification:
    message: str


# The quickstart passes an OrderPayload straight to DaprClient.start_workflow, which calls json.dumps on it:
# let the standard encoder fall back to an object's to_json(), so the workflow gets the order's JSON text.
_standard_default = json.JSONEncoder.default


def _default_with_to_json(encoder, o):
    to_json = getattr(o, 'to_json', None)
    return to_json() if callable(to_json) else _standard_default(encoder, o)


json.JSONEncoder.default = _default_with_to_json
