"""Hand-kept CSV series: validated with file and line, stored with each figure's own citation."""

import textwrap


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
