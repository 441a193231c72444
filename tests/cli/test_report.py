"""The demo report: as wide as the terminal, bonus items apart from missed
ones, a critical failure's raw score, and scores written one way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moments.cli import main
from moments.cli.demo import DemoDay, demo_day
from moments.cli.report import MIN_WIDTH, render_demo
from moments.errors import InvalidArgument, InvalidData


@pytest.fixture(scope="module")
def day() -> DemoDay:
    return demo_day()


@pytest.fixture
def no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def _demo(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["demo"]) == 0
    return capsys.readouterr().out


@pytest.mark.usefixtures("no_columns")
class TestWidth:
    def test_demo_report_fits_80_columns(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # stdout is not a terminal here: the width is 80.
        out = _demo(capsys)

        assert _widest(out) <= 80

    def test_demo_report_fits_the_terminals_width(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "64")

        out = _demo(capsys)

        assert _widest(out) <= 64
        assert "Organisation scorecard" in out
        assert "Customers now eligible to become clients: maya" in out

    def test_a_wide_terminal_gets_a_wider_report(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "160")

        out = _demo(capsys)

        assert 80 < _widest(out) <= 160

    def test_a_terminal_narrower_than_the_report_can_fit_gets_the_narrowest(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "20")

        out = _demo(capsys)

        assert _widest(out) <= MIN_WIDTH

    @settings(max_examples=25, deadline=None)
    @given(width=st.integers(min_value=MIN_WIDTH, max_value=300))
    def test_every_line_fits_any_width_the_report_accepts(self, width: int) -> None:
        report = render_demo(demo_day(), width=width)

        assert _widest(report) <= width

    def test_the_reports_key_lines_are_never_wrapped(self, day: DemoDay) -> None:
        lines = render_demo(day, width=MIN_WIDTH).splitlines()

        assert "Organisation scorecard" in lines
        assert "Customers now eligible to become clients: maya" in lines

    @pytest.mark.parametrize("width", [MIN_WIDTH - 1, 0, -80, 1001])
    def test_a_width_out_of_range_is_refused(self, day: DemoDay, width: int) -> None:
        with pytest.raises(InvalidData, match="width"):
            render_demo(day, width=width)

    def test_a_width_that_is_not_an_integer_is_refused(self, day: DemoDay) -> None:
        with pytest.raises(InvalidArgument, match="width"):
            render_demo(day, width=80.0)  # type: ignore[arg-type]


class TestContent:
    def test_bonus_items_are_listed_apart_from_missed_items(self, day: DemoDay) -> None:
        lines = render_demo(day).splitlines()

        missed = next(line for line in lines if line.startswith("Most missed items:"))
        bonus = next(line for line in lines if line.startswith("Bonus items"))
        assert "delivery.exceeded" not in missed  # a bonus item, never required
        assert bonus == "Bonus items most often not reached: delivery.exceeded x5"

    def test_an_audits_missed_and_bonus_items_are_named_apart(
        self, day: DemoDay
    ) -> None:
        lines = render_demo(day).splitlines()

        assert (
            "  m-08: missed follow_up.scheduled; bonus not reached delivery.exceeded"
            in lines
        )
        assert "  h-04: bonus not reached delivery.exceeded" in lines

    def test_a_critical_failure_shows_its_raw_score_beside_its_zero(
        self, day: DemoDay
    ) -> None:
        lines = render_demo(day).splitlines()

        late = next(line for line in lines if line.startswith("m-01 "))
        assert re.search(r" 0\.0% +87\.0% +no$", late)
        assert any("m-01: missed greeting.timely (critical)" in x for x in lines)

    def test_scores_are_written_as_a_percent_with_one_decimal_everywhere(
        self, day: DemoDay, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        main(["demo", "--jsonl"])
        path = tmp_path / "day.jsonl"
        path.write_text(capsys.readouterr().out, encoding="utf-8")
        main(["audit", str(path), "--format", "table"])
        table = capsys.readouterr().out

        for text in (render_demo(day), table):
            percents = re.findall(r"[\d.]+%", text)
            assert percents
            assert all(re.fullmatch(r"\d+\.\d%", p) for p in percents)
            assert not re.search(r"(?<![\d.])[01]\.\d+(?![\d.%])", text)  # 0.62
        m01 = next(line for line in table.splitlines() if line.startswith("m-01 "))
        assert re.search(r" 0\.0% +87\.0% +no ", m01)
