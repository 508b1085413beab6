"""Ranges are kept on one line in the published HTML, by the export, whichever section wrote
them; what the export calls a range is what `sitrep check` calls one."""

from analysis.report.export import keep_ranges


def test_every_range_in_the_text_is_kept_together():
    html = (
        "<p>People displaced: 1,100,000 (900,000–1,300,000) as of 12 December 2024; scope: "
        "Syria 27 Nov - 8 Dec; shares 45% — 55%; 1 to 8 December 2024.</p>"
    )
    assert keep_ranges(html) == (
        '<p>People displaced: 1,100,000 (<span class="sitrep-range">900,000–1,300,000</span>) '
        'as of 12 December 2024; scope: Syria <span class="sitrep-range">27 Nov - 8 Dec</span>; '
        'shares <span class="sitrep-range">45% — 55%</span>; 1 to 8 December 2024.</p>'
    )


def test_tags_attributes_scripts_styles_and_iso_dates_are_left_alone():
    html = (
        '<img alt="deaths 3–4 per day" src="data:image/svg+xml;base64,MTIzLTQ1Ng==">'
        "<style>.a { margin: 1–2px }</style><script>var x = '5–6';</script>"
        "<td>2024-12-09</td><p>No range here: 2024-12-01, 12 events.</p>"
    )
    assert keep_ranges(html) == html


def test_the_check_finds_no_range_that_may_break_once_kept(tmp_path):
    from analysis.report.check import check

    body = "<h2>Key figures</h2><p>Deaths: 1,490 (1,488–1,596), Syria 27 Nov - 8 Dec.</p>"
    page = (
        '<html><head><meta name="generator" content="syria-sitrep"></head><body><main>'
        "{}</main></body></html>"
    )
    before, after = tmp_path / "before.html", tmp_path / "after.html"
    before.write_text(page.format(body), encoding="utf-8")
    after.write_text(page.format(keep_ranges(body)), encoding="utf-8")
    found = [
        [f.rule for f in checked.findings if f.rule == "broken-range"]
        for checked in (check([before])[0], check([after])[0])
    ]
    assert found == [["broken-range", "broken-range"], []]
