"""System A's ``A`` + 7 digits ids: dense, disjoint from the bad rows' ids, bounded."""

from __future__ import annotations

import pytest

from sagskvalitet.generator.simulate.ids import (
    A_ID_CAPACITY,
    IdSpaceExhausted,
    SystemAIds,
    check_scale,
    expected_a_cases_per_scale,
    max_scale,
)

DEFAULT_MONTHS = ((2008, 10), (2014, 12))


def test_cases_count_up_and_bad_rows_count_down():
    ids = SystemAIds()
    assert [ids.next_case() for _ in range(3)] == ["A0000001", "A0000002", "A0000003"]
    assert [ids.next_bad_row() for _ in range(2)] == ["A9999999", "A9999998"]
    assert ids.next_case() == "A0000004"


def test_full_space_fails_with_one_line_naming_scale_and_limit():
    ids = SystemAIds(capacity=5, scale=42)
    given = [ids.next_case() for _ in range(3)] + [ids.next_bad_row() for _ in range(2)]
    assert given == ["A0000001", "A0000002", "A0000003", "A0000005", "A0000004"]
    assert len(set(given)) == 5  # the two ends met without a collision
    with pytest.raises(IdSpaceExhausted) as err:
        ids.next_case()
    message = str(err.value)
    assert "\n" not in message
    assert "scale 42" in message and "5 ids" in message


def test_every_id_is_a_plus_seven_digits_up_to_the_limit():
    ids = SystemAIds(cases=A_ID_CAPACITY - 1)
    assert ids.next_case() == "A9999999"
    with pytest.raises(IdSpaceExhausted):
        ids.next_bad_row()


def test_scale_30_fits_with_room_and_the_limit_is_computed():
    limit = max_scale(*DEFAULT_MONTHS)
    # about 202,000 system A cases per unit of scale (measured at scale 1: 201,429)
    assert 195_000 < expected_a_cases_per_scale(*DEFAULT_MONTHS) < 210_000
    assert 45 <= limit < 50
    check_scale(30, *DEFAULT_MONTHS)  # no error
    check_scale(limit, *DEFAULT_MONTHS)


def test_past_the_limit_generation_fails_at_once(tmp_path, capsys):
    from sagskvalitet.cli import main

    # Ten years of system A: the space lasts to a far smaller scale.
    limit = max_scale((2000, 1), (2014, 12))
    assert limit < 10
    with pytest.raises(IdSpaceExhausted, match=rf"largest scale .* is {limit:g}$"):
        check_scale(limit + 0.1, (2000, 1), (2014, 12))
    args = ["generate", "--scale", str(limit + 1), "--first-month", "2000-01"]
    args += ["--out", str(tmp_path / "raw"), "--truth-out", str(tmp_path / "truth")]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"scale {limit + 1:g}" in err and f"is {limit:g}" in err
    assert not (tmp_path / "raw").exists()  # nothing simulated or written


def test_system_b_only_months_have_no_limit():
    assert max_scale((2011, 1), (2014, 12)) == float("inf")
