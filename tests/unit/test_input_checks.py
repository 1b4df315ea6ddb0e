"""Bad settings, cursors and analysis options are refused with errors naming what is wrong."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from pydantic import ValidationError

from service.api.errors import ApiError
from service.api.jobs import AnalysisOptionsInput, InteractionWeightsInput, options_error
from service.api.pagination import decode_cursor, encode_cursor
from service.settings import Settings


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("rate_limit_per_second", 0),
        ("rate_limit_per_second", -1.5),
        ("rate_limit_burst", 0),
        ("rate_limit_burst", -3),
    ],
)
def test_a_rate_limit_must_be_positive(name: str, value: float) -> None:
    with pytest.raises(ValidationError) as caught:
        _settings(**{name: value})
    assert caught.value.errors()[0]["loc"] == (name,)


def test_the_default_page_size_must_fit_the_largest_page() -> None:
    with pytest.raises(ValidationError) as caught:
        _settings(max_page_size=10)
    message = str(caught.value)
    assert "DEFAULT_PAGE_SIZE (20)" in message
    assert "MAX_PAGE_SIZE (10)" in message
    assert _settings(max_page_size=20).default_page_size == 20
    assert _settings(max_page_size=10, default_page_size=10).max_page_size == 10


def test_settings_read_from_the_environment_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_SECOND", "0")
    with pytest.raises(ValidationError, match="rate_limit_per_second"):
        _settings()
    monkeypatch.setenv("RATE_LIMIT_PER_SECOND", "5")
    monkeypatch.setenv("MAX_PAGE_SIZE", "10")
    with pytest.raises(ValidationError, match="MAX_PAGE_SIZE"):
        _settings()


def _cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("parts", "types"),
    [
        (("inf:rank", "x"), (int,)),
        (("inf:rank", None), (int,)),
        (("inf:rank", 1.5), (int,)),
        (("inf:rank", True), (int,)),
        (("link:in", "x", "p1"), (float, str)),
        (("link:in", None, "p1"), (float, str)),
        (("link:in", 1.0, 7), (float, str)),
        (("member", [1], "p1"), (int, str)),
    ],
)
def test_a_cursor_with_wrong_value_types_is_an_invalid_after(
    parts: tuple[Any, ...], types: tuple[type, ...]
) -> None:
    with pytest.raises(ApiError) as caught:
        decode_cursor(parts[0], _cursor(*parts), types)
    assert caught.value.extensions == {"code": "INVALID_ARGUMENT", "argument": "after"}


def test_a_cursor_this_service_wrote_decodes_to_typed_values() -> None:
    assert decode_cursor("inf:rank", encode_cursor("inf:rank", [3]), (int,)) == (3,)
    assert decode_cursor("link:in", encode_cursor("link:in", [2, "p"]), (float, str)) == (
        2.0,
        "p",
    )


def _options_error(**values: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        AnalysisOptionsInput(**values).to_options()
    error = options_error(caught.value)
    assert error.extensions is not None
    return str(error), dict(error.extensions)


def test_negative_analysis_weights_are_refused() -> None:
    message, extensions = _options_error(weights=InteractionWeightsInput(like=-3.0))
    assert extensions["argument"] == "options.weights.like"
    assert "`options.weights.like`" in message
    weights = AnalysisOptionsInput(weights=InteractionWeightsInput(like=0.0)).to_options().weights
    assert weights == {"like": 0.0}


def test_analysis_option_errors_name_the_graphql_field() -> None:
    message, extensions = _options_error(half_life_days=-1.0)
    assert extensions == {
        "code": "INVALID_ARGUMENT",
        "argument": "options.halfLifeDays",
        "arguments": ["options.halfLifeDays"],
    }
    assert "`options.halfLifeDays`" in message
    assert "half_life_days" not in message
    assert "pydantic" not in message
    message, extensions = _options_error(centrality=["pagerank", "PageRank"])
    assert extensions["argument"] == "options.centrality[1]"
