"""The TCK runner's reading of test values and its comparison rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from opgave.dmn.feel.values import DaysTimeDuration, YearsMonthsDuration
from opgave.dmn.tck.compare import values_match
from opgave.dmn.tck.testcases import Unreadable, read_test_file

TEST_FILE = """<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <modelName>m.dmn</modelName>
  <testCase id="t1" type="decisionService" invocableName="svc">
    <inputNode name="person">
      <component name="name"><value xsi:type="xsd:string">Ann</value></component>
      <component name="born"><value xsi:type="xsd:date">1990-05-17</value></component>
      <component name="tags"><list><item><value xsi:type="xsd:string">a</value></item>
        <item><value xsi:nil="true"/></item></list></component>
    </inputNode>
    <inputNode name="wait" namespace="urn:other"><value xsi:type="xsd:duration">P1DT2H</value></inputNode>
    <inputNode name="age"><value xsi:type="xsd:duration">P1Y2M</value></inputNode>
    <inputNode name="when"><value xsi:type="xsd:dateTime">2024-01-02T03:04:05+01:00</value></inputNode>
    <inputNode name="flag"><value xsi:type="xsd:boolean">true</value></inputNode>
    <inputNode name="old"><value xsi:type="xsd:date">not a date</value></inputNode>
    <resultNode name="out" errorResult="true"><expected><value xsi:nil="true"/></expected></resultNode>
  </testCase>
</testCases>"""


def test_values_of_every_kind_are_read(tmp_path: Path) -> None:
    path = tmp_path / "m-test-01.xml"
    path.write_text(TEST_FILE)
    [case] = read_test_file(path).cases
    assert (case.id, case.type, case.invocable_name) == ("t1", "decisionService", "svc")
    inputs = {node.name: node for node in case.inputs}
    assert inputs["person"].value == {"name": "Ann", "born": dt.date(1990, 5, 17), "tags": ["a", None]}
    assert inputs["wait"].namespace == "urn:other"
    assert inputs["wait"].value == DaysTimeDuration(Decimal(26 * 3600))
    assert inputs["age"].value == YearsMonthsDuration(14)
    assert inputs["when"].value == dt.datetime(2024, 1, 2, 2, 4, 5, tzinfo=dt.UTC)
    assert inputs["flag"].value is True
    assert isinstance(inputs["old"].value, Unreadable)
    [result] = case.results
    assert result.error_result and result.expected is None


def test_numbers_match_as_decimals_with_a_small_tolerance() -> None:
    assert values_match(Decimal("1.0"), Decimal("1"))
    assert values_match(Decimal("2778.69354943277"), Decimal("2778.693549432766768088520383236299"))
    assert values_match(Decimal("54.59815003"), Decimal("54.59815003314423907811026120286088"))
    assert not values_match(Decimal("1.5"), Decimal("1.6"))
    assert not values_match(Decimal("10"), Decimal("10.4"))
    assert not values_match(Decimal(0), Decimal("1e-20"))


def test_structures_types_and_zones_must_match() -> None:
    assert values_match({"a": [Decimal(1)]}, {"a": [Decimal("1.00")]})
    assert not values_match({"a": Decimal(1)}, {"a": Decimal(1), "b": None})
    assert not values_match([Decimal(1)], [Decimal(1), Decimal(2)])
    assert not values_match("1", Decimal(1))
    assert not values_match(True, Decimal(1))
    naive = dt.datetime(2024, 1, 1, 10)
    assert not values_match(naive, naive.replace(tzinfo=dt.UTC))
    assert values_match(None, None) and not values_match(None, "")
