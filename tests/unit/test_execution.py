"""The short path for plain leaf fields (service/api/execution.py) answers exactly what
strawberry's own execution answers: the same data, the same errors at the same paths, for
good values, nulls in nullable and non-null fields, and values a scalar cannot serialise."""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension

from service.api.execution import execution_context


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    label: str | None
    count: int
    ratio: float | None
    colour: Colour
    tags: list[str]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


@strawberry.type
class Holder:
    item: Item
    maybe: Item | None


def _item(**changes: Any) -> Item:
    values: dict[str, Any] = {
        "id": "i1", "name": "one", "label": None, "count": 3, "ratio": 0.5,
        "colour": Colour.RED, "tags": ["a"],
    }  # fmt: skip
    values.update(changes)
    return Item(**values)


ITEMS: dict[str, list[Item]] = {
    "good": [_item(), _item(id="i2", name="two", label="L", ratio=None, colour=Colour.BLUE)],
    "null in a non-null leaf": [_item(), _item(name=None)],
    "unserialisable int": [_item(count="many")],
    "int beyond 32 bits": [_item(count=2**40)],
    "unknown enum value": [_item(colour="green")],
    "wrong type in a nullable leaf": [_item(ratio="half")],
}


@strawberry.type
class Query:
    @strawberry.field
    def items(self, case: str) -> list[Item] | None:
        return ITEMS[case]

    @strawberry.field
    def holders(self, case: str) -> list[Holder] | None:
        return [Holder(item=i, maybe=i) for i in ITEMS[case]]

    @strawberry.field
    async def later(self, case: str) -> list[Item | None] | None:
        return list(ITEMS[case])

    @strawberry.field
    def gaps(self, case: str) -> list[Holder | None] | None:
        # a nullable object that is null; then a non-null object that is (an error)
        return [Holder(item=ITEMS[case][0], maybe=None), Holder(item=None, maybe=None)]  # type: ignore[arg-type]


DOCUMENT = """query($case: String!) {
  items(case: $case) { id name label count ratio colour tags shout aka: name }
  holders(case: $case) { item { id colour } maybe { name count } }
  gaps(case: $case) { maybe { name } item { name } }
  later(case: $case) { name colour }
}"""


def _answer(schema: strawberry.Schema, case: str) -> tuple[Any, list[tuple[str, Any]]]:
    result = asyncio.run(schema.execute(DOCUMENT, variable_values={"case": case}))
    assert result.data is not None, result.errors
    errors = sorted((e.message, e.path) for e in result.errors or [])
    return result.data, errors


def _schemas(extensions: list[Any] | None = None) -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query, extensions=extensions or [])
    short = strawberry.Schema(
        query=Query, extensions=extensions or [], execution_context_class=execution_context()
    )
    return plain, short


@pytest.mark.parametrize("case", ITEMS)
def test_same_answer_as_strawberry(case: str) -> None:
    plain, short = _schemas()
    data, errors = _answer(plain, case)
    assert _answer(short, case) == (data, errors)
    if case != "good":
        assert errors, f"{case} should be an error in strawberry's own execution"


def test_plain_leaf_fields_take_the_short_path() -> None:
    """The plans say which fields go the short way: the plain scalars and enums, not lists,
    objects or fields with a resolver."""
    context = execution_context()
    short = strawberry.Schema(query=Query, execution_context_class=context)
    data, errors = _answer(short, "good")
    assert errors == [
        ("Cannot return null for non-nullable field Holder.item.", ["gaps", 1, "item"])
    ]
    assert data["gaps"] == [{"maybe": None, "item": {"name": "one"}}, None]
    short_ones = {key for key, plan in context.plans.items() if plan is not None}
    assert {("Item", "name"), ("Item", "colour"), ("Item", "ratio")} <= short_ones
    assert {
        ("Item", "tags"),
        ("Item", "shout"),
        ("Query", "items"),
        ("Holder", "maybe"),
    }.isdisjoint(short_ones)
    assert {("Item", "tags"), ("Item", "shout")} <= set(context.plans)  # looked at, refused


class Shouting(SchemaExtension):
    """Resolve middleware, as tracing installs: every field must go through it."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        value = _next(root, info, *args, **kwargs)
        return value.upper() if isinstance(value, str) and info.field_name == "name" else value


def test_resolve_middleware_sees_every_field() -> None:
    plain, short = _schemas([Shouting])
    data, errors = _answer(short, "good")
    assert (data, errors) == _answer(plain, "good")
    assert [i["name"] for i in data["items"]] == ["ONE", "TWO"]
