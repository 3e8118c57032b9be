"""Hand-kept CSV series: validated with file and line, stored with each figure's own citation."""

import textwrap

import pytest

from ingest.config import load_config
from ingest.run import run_ingest
from ingest.sources.manual_csv import read_manual_csv

HEADER = "series,region,period,value,unit,source,note\n"
GOOD = HEADER + (
    "tourism_work_units,25,2015,4068,annual work units,\"Region Norrbotten, Smart specialiseringsstrategi (kortversion), okt 2020, s. 5\",\n"
    "tourism_turnover_growth_since_2010,25,,58,% change in turnover since 2010,\"Region Norrbotten, S3 kortversion 2020\",The strategy gives the base year 2010 but no end year\n"
)


def setup(tmp_path, text):
    (tmp_path / "data" / "manual").mkdir(parents=True)
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(text, encoding="utf-8")
    path = tmp_path / "indicators.yml"
    path.write_text(textwrap.dedent("""
        sources:
          manual: {kind: csv, directory: data/manual}
        datasets:
          strategy_figures: {source: manual, table: strategy_figures.csv}
    """))
    return load_config(path)


def test_figures_are_stored_with_their_own_citation_and_no_invented_year(tmp_path, store, clock):
    report = run_ingest(setup(tmp_path, GOOD), store)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    rows = store.conn.execute(
        "SELECT o.region, o.period, o.dims, o.value, s.unit, s.source, s.note FROM observations o "
        "JOIN observation_sources s USING (dataset, region, period, dims) ORDER BY o.period"
    ).fetchall()
    assert rows[0] == ("25", "", '{"series":"tourism_turnover_growth_since_2010"}', 58.0, "% change in turnover since 2010",
                       "Region Norrbotten, S3 kortversion 2020", "The strategy gives the base year 2010 but no end year")
    assert rows[1][:4] == ("25", "2015", '{"series":"tourism_work_units"}', 4068.0)


def test_every_problem_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + (
        "Tourism,25,2015,4068,units,src,\n"
        "ok_series,26,2015,1,units,src,\n"
        "ok_series,25,2015K5,1,units,src,\n"
        "ok_series,25,2016,4 068,units,src,\n"
        "ok_series,25,2017,4.068,,,\n"
        "ok_series,25,,1,units,src,\n"
        "ok_series,25,2016,1,units,src,\n"
        "ok_series,25,2018,one,units,src,\n"
    ))
    _, problems = read_manual_csv(path, "bad.csv")
    assert problems == [
        "bad.csv:2: series 'Tourism': use lower-case letters, digits and _",
        "bad.csv:3: region '26' is neither an SCB code (00, 25, 2580) nor a NUTS code (FI1D7)",
        "bad.csv:4: period '2015K5' is not a year (2023), a quarter (2023K1, 2023Q1, 2023-Q1) or a month (2023M01, 2023-01)",
        "bad.csv:6: unit is empty; every figure needs its unit",
        "bad.csv:6: source is empty; every figure needs its source",
        "bad.csv:7: period is empty; give the reference year, or say in note why there is none",
        "bad.csv:8: the same series, region, period, sex and breakdown as line 5",
        "bad.csv:9: value 'one' is not a number (use a decimal point: 4068 or 0.42)",
    ]


def test_a_wrong_header_says_what_the_header_is(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("serie,region,period,value\n")
    _, problems = read_manual_csv(path, "h.csv")
    assert problems == [
        "h.csv:1: header: missing column(s) series, unit, source, note; unknown column(s) serie. "
        "The header is: series,region,period,value,unit,source,note,sex,breakdown (sex and breakdown optional)"
    ]


def test_a_bad_file_fails_the_dataset_and_keeps_yesterdays_rows(tmp_path, store):
    config = setup(tmp_path, GOOD)
    run_ingest(config, store)
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(GOOD + "x,99,2015,1,u,s,\n")
    report = run_ingest(config, store)
    assert report.outcomes[0].status == "failed"
    assert "strategy_figures.csv:4: region '99'" in report.outcomes[0].message
    assert store.observation_count("strategy_figures") == 2


def test_check_validates_the_hand_kept_files(tmp_path, capsys):
    from ingest.cli import main

    setup(tmp_path, GOOD + "bad series,25,2015,1,u,s,\n")
    assert main(["check", "--config", str(tmp_path / "indicators.yml")]) == 1
    err = capsys.readouterr().err
    assert "strategy_figures.csv:4: series 'bad series'" in err


# --- the file is the source of truth: deleted and corrected rows leave the current figures ---

def stored_rows(store):
    return store.conn.execute(
        "SELECT region, period, dims, value FROM observations WHERE dataset = 'strategy_figures' ORDER BY period, dims"
    ).fetchall()


def revisions(store):
    return store.conn.execute(
        "SELECT region, period, dims, change, old_value, new_value FROM observation_revisions ORDER BY id"
    ).fetchall()


def test_a_row_deleted_from_the_file_is_no_longer_a_current_figure_and_its_removal_is_recorded(tmp_path, store):
    config = setup(tmp_path, GOOD)
    run_ingest(config, store)
    # the secretariat deletes the tourism_work_units line
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(HEADER + GOOD.splitlines(keepends=True)[2])
    report = run_ingest(config, store)
    outcome = report.outcomes[0]
    assert outcome.status == "ok" and outcome.removed == 1
    assert "removed=1" in outcome.log_line() and "1 stored value(s) no longer in the file were removed" in outcome.message
    assert [r[2] for r in stored_rows(store)] == ['{"series":"tourism_turnover_growth_since_2010"}']
    assert revisions(store) == [("25", "2015", '{"series":"tourism_work_units"}', "removed", 4068.0, None)]
    cited = store.conn.execute("SELECT count(*) FROM observation_sources WHERE dataset = 'strategy_figures'").fetchone()[0]
    assert cited == 1
    run = store.conn.execute("SELECT rows_removed, message FROM ingest_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run[0] == 1 and "no longer in the file" in run[1]


def test_a_corrected_period_replaces_the_wrong_one_and_both_changes_are_recorded(tmp_path, store):
    config = setup(tmp_path, GOOD)
    run_ingest(config, store)
    path = tmp_path / "data" / "manual" / "strategy_figures.csv"
    path.write_text(GOOD.replace("tourism_work_units,25,2015,", "tourism_work_units,25,2016,"))
    outcome = run_ingest(config, store).outcomes[0]
    assert (outcome.added, outcome.removed) == (1, 1)
    periods = [p for _, p, d, _ in stored_rows(store) if "work_units" in d]
    assert periods == ["2016"]  # the wrong 2015 is no longer a current figure
    assert {(p, c) for _, p, d, c, _, _ in revisions(store) if "work_units" in d} == {("2016", "added"), ("2015", "removed")}


def test_a_file_emptied_to_its_header_removes_every_value_with_the_same_record(tmp_path, store):
    config = setup(tmp_path, GOOD)
    run_ingest(config, store)
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(HEADER)
    outcome = run_ingest(config, store).outcomes[0]
    assert outcome.status == "ok" and outcome.removed == 2 and outcome.rows == 0
    assert store.observation_count("strategy_figures") == 0
    assert sorted((p, c, v) for _, p, _, c, v, _ in revisions(store)) == [("", "removed", 58.0), ("2015", "removed", 4068.0)]
    assert store.dataset_meta("strategy_figures")["observations"] == 0
    again = run_ingest(config, store).outcomes[0]  # the same empty file again: nothing more to remove
    assert again.status == "unchanged" and len(revisions(store)) == 2


def test_the_run_says_how_many_stored_values_were_removed(tmp_path):
    import subprocess
    import sys

    setup(tmp_path, GOOD)
    args = [sys.executable, "-m", "ingest", "run", "--offline", "--config", str(tmp_path / "indicators.yml"),
            "--db", str(tmp_path / "s3.db")]
    assert subprocess.run(args, capture_output=True, text=True).returncode == 0
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(HEADER)
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "dataset=strategy_figures outcome=ok rows=0 added=0 changed=0 removed=2" in done.stderr
    assert "2 stored value(s) removed, no longer in their hand-kept file (strategy_figures: 2" in done.stderr


def test_the_revision_history_names_a_removed_value_in_both_languages(tmp_path, store):
    from dashboard.queries import revision_rows

    config = setup(tmp_path, GOOD)
    run_ingest(config, store)
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(HEADER + GOOD.splitlines(keepends=True)[2])
    run_ingest(config, store)
    sv = revision_rows(config, store.path, "2000-01-01", "sv")
    en = revision_rows(config, store.path, "2000-01-01", "en")
    assert [(r["change"], r["old_value"], r["new_value"], r["period"]) for r in sv] == [("borttaget", 4068.0, None, "2015")]
    assert [r["change"] for r in en] == ["removed"] and en[0]["region"] == "Norrbotten County"


# --- files saved by Swedish Excel, and quotes left open ---

def as_swedish_excel(text: str, decimal_comma: bool = True) -> bytes:
    """The same rows as Swedish Excel saves "CSV UTF-8": a byte-order mark, semicolons (the
    Swedish list separator), CRLF, fields quoted only where they hold ; or ", decimal commas."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for i, row in enumerate(csv.reader(io.StringIO(text))):
        if i and decimal_comma:
            row[3] = row[3].replace(".", ",")
        writer.writerow(row)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


DECIMALS = GOOD + "tourism_share,25,2019,4.25,% of employment,\"Region Norrbotten; a note with a semicolon\",\n"


def test_a_file_separated_by_semicolons_with_decimal_commas_reads_as_the_comma_separated_one(tmp_path):
    commas, semicolons = tmp_path / "commas.csv", tmp_path / "semicolons.csv"
    commas.write_text(DECIMALS, encoding="utf-8")
    semicolons.write_bytes(as_swedish_excel(DECIMALS))
    assert b";4,25;" in semicolons.read_bytes() and b'"Region Norrbotten; a note' in semicolons.read_bytes()
    read, problems = read_manual_csv(semicolons)
    assert problems == []
    def parsed(rows):  # everything but the value's text as written (4,25 or 4.25)
        return [{**r, "row": {**r["row"], "value": None}} for r in rows]

    assert parsed(read) == parsed(read_manual_csv(commas)[0])
    assert [r["value"] for r in read] == [4068.0, 58.0, 4.25]
    assert read[2]["row"]["source"] == "Region Norrbotten; a note with a semicolon"


def test_a_semicolon_file_loads_and_check_passes(tmp_path, store, capsys):
    from ingest.cli import main

    config = setup(tmp_path, "")
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_bytes(as_swedish_excel(DECIMALS))
    assert main(["check", "--config", str(tmp_path / "indicators.yml")]) == 0, capsys.readouterr().err
    outcome = run_ingest(config, store).outcomes[0]
    assert (outcome.status, outcome.rows) == ("ok", 3), outcome.message
    values = store.conn.execute("SELECT value FROM observations WHERE dataset = 'strategy_figures' ORDER BY value")
    assert [v for (v,) in values] == [4.25, 58.0, 4068.0]


def test_a_semicolon_file_with_decimal_points_and_no_break_space_thousands_reads_too(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(as_swedish_excel(DECIMALS.replace(",4068,", ",4\u00a0068,"), decimal_comma=False))
    read, problems = read_manual_csv(path)
    assert problems == [] and [r["value"] for r in read] == [4068.0, 58.0, 4.25]


@pytest.mark.parametrize("values, said", [
    (("0,5", "0.25"), "s.csv:3: value '0.25' has a decimal point, but line 2 has a decimal comma; write every value of "
                      "the file the same way (0,42 or 0.42)"),
    (("0.5", "0,25"), "s.csv:3: value '0,25' has a decimal comma, but line 2 has a decimal point; write every value of "
                      "the file the same way (0,42 or 0.42)"),
    (("1.234,5", "1"), "s.csv:2: value '1.234,5' is not a number (use a decimal comma or point: 4068, 0,42 or 0.42)"),
    (("1,234,5", "1"), "s.csv:2: value '1,234,5' is not a number (use a decimal comma or point: 4068, 0,42 or 0.42)"),
])
def test_decimal_commas_are_read_only_where_they_cannot_be_anything_else(tmp_path, values, said):
    path = tmp_path / "s.csv"
    path.write_text("series;region;period;value;unit;source;note\n"
                    f"a;25;2019;{values[0]};u;s;\n"
                    f"b;25;2019;{values[1]};u;s;\n", encoding="utf-8")
    assert read_manual_csv(path, "s.csv")[1] == [said]


def test_a_decimal_comma_in_a_comma_separated_file_is_still_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(HEADER + 'a,25,2019,"0,42",u,s,\n', encoding="utf-8")
    assert read_manual_csv(path, "c.csv")[1] == ["c.csv:2: value '0,42' is not a number (use a decimal point: 4068 or 0.42)"]


def test_a_quote_left_open_on_the_last_line_is_an_error_naming_file_and_line_not_a_figure(tmp_path, store, capsys):
    from ingest.cli import main

    config = setup(tmp_path, GOOD + 'tourism_x,25,2019,1,kr,"unterminated,\n')
    said = ('strategy_figures.csv:4: a quote (") opened on this line is never closed: the file ends inside it; close it '
            'with ", or double a quote that is part of the text ("")')
    assert main(["check", "--config", str(tmp_path / "indicators.yml")]) == 1
    assert f"{tmp_path / 'data' / 'manual' / said}" in capsys.readouterr().err
    outcome = run_ingest(config, store).outcomes[0]
    assert outcome.status == "failed" and said in outcome.message
    assert store.observation_count("strategy_figures") == 0


def test_a_quote_left_open_in_the_middle_is_named_on_the_line_it_opens(tmp_path):
    path = tmp_path / "q.csv"
    lines = GOOD.splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace(',"Region', ',"Region', 1).replace('s. 5",', "s. 5,"),
                               *lines[2:]]) + "\n", encoding="utf-8")
    _, problems = read_manual_csv(path, "q.csv")
    assert len(problems) == 1 and problems[0].startswith(
        'q.csv:2: a quote (") opened on this line is not closed on it, and runs on to line 3')


def test_text_after_a_closing_quote_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + 'a,25,2019,1,u,"Region" Norrbotten,\n', encoding="utf-8")
    assert read_manual_csv(path, "t.csv")[1] == [
        't.csv:2: text follows a closing quote (") with no separator before it: a quoted field ends at its closing '
        'quote, and a quote that is part of the text is written twice ("")']
