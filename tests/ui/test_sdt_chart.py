"""The check-in chart as a tutor sees it: three series in their colours, gaps, an empty state and tooltips."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QColor, QFont, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from tutordesk.ui.plans.sdt_chart import SERIES, SdtChart

POINTS = [
    (date(2026, 6, 28), 4, 3, 4),
    (date(2026, 3, 3), 2, 3, None),
    (date(2026, 4, 14), 3, 3, 2),
    (date(2026, 5, 12), None, 4, 3),
]


@pytest.fixture
def chart(qtbot: QtBot) -> SdtChart:
    shown = SdtChart()
    qtbot.addWidget(shown)
    shown.resize(420, 220)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def colours_in(image: QImage) -> set[str]:
    return {image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())}


def count_colour(image: QImage, colour: QColor, box: tuple[int, int, int, int]) -> int:
    left, top, right, bottom = box
    return sum(
        1
        for y in range(max(0, top), min(image.height(), bottom))
        for x in range(max(0, left), min(image.width(), right))
        if image.pixelColor(x, y) == colour
    )


def test_points_are_sorted_and_each_series_is_painted_in_its_colour(chart: SdtChart) -> None:
    chart.set_points(POINTS)
    assert [p[0] for p in chart.points()] == sorted(p[0] for p in POINTS)
    found = colours_in(chart.grab().toImage())
    for _, colour, _ in SERIES:
        assert colour.name() in found


def test_series_differ_in_colour_and_shape() -> None:
    assert len({colour.name() for _, colour, _ in SERIES}) == 3
    assert [shape for _, _, shape in SERIES] == ["circle", "square", "triangle"]


def test_markers_sit_higher_for_higher_ratings_and_later_to_the_right(chart: SdtChart) -> None:
    chart.set_points(POINTS)
    first, second = chart.marker_centre(0, 0), chart.marker_centre(1, 0)
    assert first is not None and second is not None
    assert second.x() > first.x() and second.y() < first.y()  # autonomy went from 2 to 3
    assert chart.marker_centre(2, 0) is None  # autonomy not asked on 12 May
    assert chart.marker_centre(0, 2) is None  # relatedness not asked on 3 March


def test_a_question_not_asked_leaves_a_gap_in_its_line(chart: SdtChart) -> None:
    colour = SERIES[0][1]
    chart.set_points(
        [(date(2026, 1, 5), 3, 1, 1), (date(2026, 2, 5), None, 1, 1), (date(2026, 3, 5), 3, 1, 1)]
    )
    start, end = chart.marker_centre(0, 0), chart.marker_centre(2, 0)
    assert start is not None and end is not None
    image = chart.grab().toImage()
    y = round(start.y())
    quarter = round(start.x() + (end.x() - start.x()) / 4)
    assert count_colour(image, colour, (quarter - 3, y - 3, quarter + 3, y + 3)) == 0

    chart.set_points([(date(2026, 1, 5), 3, 1, 1), (date(2026, 2, 5), 3, 1, 1), (date(2026, 3, 5), 3, 1, 1)])
    assert count_colour(chart.grab().toImage(), colour, (quarter - 3, y - 3, quarter + 3, y + 3)) > 0


def test_empty_chart_says_so_in_paint_and_words(chart: SdtChart) -> None:
    image = chart.grab().toImage()
    assert not image.isNull()
    assert "No check-ins yet" in chart.accessibleDescription()
    assert chart.tooltip_at(QPoint(200, 100)) is None
    chart.set_points(POINTS)
    chart.set_points([])
    assert "No check-ins yet" in chart.accessibleDescription()


def test_a_single_check_in_draws_just_markers(chart: SdtChart) -> None:
    chart.set_points([(date(2026, 6, 28), 4, None, 2)])
    image = chart.grab().toImage()
    top = chart.marker_centre(0, 0)
    assert top is not None
    below_legend = (0, round(top.y()) - 10, image.width(), image.height())
    assert count_colour(image, SERIES[1][1], below_legend) == 0  # competence was not asked
    for series in (0, 2):
        # A marker's worth of pixels: no line runs off from a lone check-in.
        assert 10 < count_colour(image, SERIES[series][1], below_legend) < 120
    assert chart.accessibleDescription().startswith("1 check-in, on 28 Jun 2026.")


def test_accessible_description_summarises_the_latest_ratings(chart: SdtChart) -> None:
    chart.set_points(POINTS)
    text = chart.accessibleDescription()
    assert text.startswith("4 check-ins from 3 Mar to 28 Jun 2026.")
    assert "autonomy 4 out of 5 (up from 3)" in text
    assert "competence 3 out of 5 (down from 4)" in text
    assert "relatedness 4 out of 5 (up from 3)" in text
    chart.set_points([(date(2025, 11, 3), 2, 2, 2), (date(2026, 1, 9), 2, None, 2)])
    text = chart.accessibleDescription()
    assert "from 3 Nov 2025 to 9 Jan 2026" in text
    assert "autonomy 2 out of 5 (the same as last time)" in text
    assert "competence not asked" in text


def test_tooltip_names_the_date_and_all_three_ratings(chart: SdtChart, qtbot: QtBot) -> None:
    chart.set_points(POINTS)
    centre = chart.marker_centre(2, 1)  # competence on 12 May
    assert centre is not None
    text = chart.tooltip_at(centre + QPointF(2, 1))
    assert (
        text == "Check-in, 12 May 2026\nAutonomy: not asked\nCompetence: 4 out of 5\nRelatedness: 3 out of 5"
    )
    assert chart.tooltip_at(QPointF(2, 2)) is None

    pos = centre.toPoint()
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, pos, chart.mapToGlobal(pos)))
    assert QToolTip.text() == text
    QApplication.sendEvent(
        chart, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), chart.mapToGlobal(QPoint(2, 2)))
    )
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_out_of_range_ratings_are_refused(chart: SdtChart) -> None:
    with pytest.raises(ValueError):
        chart.set_points([(date(2026, 1, 1), 0, 3, 3)])
    with pytest.raises(ValueError):
        chart.set_points([(date(2026, 1, 1), 3, 6, 3)])


def test_random_check_ins_paint_and_describe_without_trouble(chart: SdtChart) -> None:
    rng = random.Random(20260628)
    sizes = [(260, 150), (420, 220), (700, 300), (120, 60)]
    for round_ in range(25):
        start = date(2025, 9, 1) + timedelta(days=rng.randint(0, 300))
        points = [
            (
                start + timedelta(days=rng.choice([0, 0, 7, 30, 90]) * rng.randint(0, 4)),
                *(rng.choice([None, 1, 2, 3, 4, 5]) for _ in range(3)),
            )
            for _ in range(rng.randint(0, 12))
        ]
        chart.resize(*sizes[round_ % len(sizes)])
        chart.set_points(points)  # type: ignore[arg-type]
        assert not chart.grab().toImage().isNull()
        assert [p[0] for p in chart.points()] == sorted(p[0] for p in points)
        assert chart.accessibleDescription()
        for index, point in enumerate(chart.points()):
            for series in range(3):
                centre = chart.marker_centre(index, series)
                assert (centre is None) == (point[series + 1] is None)
                if centre is not None:
                    text = chart.tooltip_at(centre)
                    assert text is not None and text.startswith("Check-in, ")


def test_a_font_change_relays_the_chart_out(chart: SdtChart) -> None:
    chart.set_points(POINTS)
    before = chart.marker_centre(0, 0)
    font = QFont(chart.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    chart.setFont(font)
    after = chart.marker_centre(0, 0)
    assert before is not None and after is not None and after.y() != before.y()
    assert not chart.grab().toImage().isNull()
