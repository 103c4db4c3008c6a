"""One CSV reader for every import (cambill.core.csvin): encoding, header, lines, one error."""

from __future__ import annotations

import pytest

from cambill.core import csvin
from cambill.core.csvin import CSVError


def read(data: str | bytes, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("required", ["a", "b"])
    table = csvin.read(data, **kw)
    return table.header, [(r.line, r.cells, r.extra) for r in table.rows]


def refused(data: str | bytes, **kw) -> CSVError:  # type: ignore[no-untyped-def]
    with pytest.raises(CSVError) as err:
        read(data, **kw)
    assert err.value.code == "validation_error"
    assert set(err.value.as_dict()) == {"code", "message", "fields"}
    return err.value


def test_utf8_with_or_without_bom_and_any_case_of_known_columns() -> None:
    plain = "a,b\n1,é\n"
    expected = (["a", "b"], [(2, {"a": "1", "b": "é"}, 0)])
    assert read(plain) == expected
    assert read(plain.encode()) == expected
    assert read(b"\xef\xbb\xbf" + plain.encode()) == expected  # Excel's "CSV UTF-8"
    assert read("\ufeff" + plain) == expected
    assert read(" A , B \r\n 1 , é \r\n") == expected


def test_line_numbers_count_quoted_newlines_and_skip_blank_lines() -> None:
    data = 'a,b\n1,"two\nlines"\n\n,,\n3,x\n'
    _, rows = read(data)
    assert [(line, cells["a"]) for line, cells, _ in rows] == [(2, "1"), (6, "3")]


def test_not_utf8_and_nul_are_refused_as_a_file() -> None:
    err = refused("a,b\nJosé,1\n".encode("latin-1"))
    assert list(err.fields) == ["file"] and "not UTF-8" in err.message
    err = refused("a,b\n1,2\n3,\x00\n")
    assert err.fields == {"file": [err.message]} and "line 3" in err.message


def test_header_problems() -> None:
    assert refused("").fields["file"] == ["The file is empty; the first line names the columns."]
    assert refused("a,c\n1,2\n").message == "Columns needed: a, b; missing: b."
    assert "Separate the values with commas." in refused("a;b\n1;2\n").message
    assert refused("a,b,A\n1,2,3\n").message == "The column a appears twice in the header."
    err = refused("a,b,zz\n1,2,3\n", unknown="error", optional=["c"])
    assert err.message == "Unknown column(s) zz; the columns are a, b, c."
    assert read("a,b,zz\n1,2,3\n") == (["a", "b"], [(2, {"a": "1", "b": "2"}, 0)])
    assert read("a,b,Zz\n1,2,3\n", unknown="keep")[0] == ["a", "b", "Zz"]


def test_a_field_over_the_limit_and_too_many_rows() -> None:
    err = refused(f'a,b\n1,2\n3,"{"9" * (csvin.MAX_FIELD + 1)}"\n')
    assert err.fields["lines"][0]["line"] == 3 and "nothing was imported" in err.message
    err = refused("a,b\n1,2\n3,4\n5,6\n", max_rows=2)
    assert err.fields == {"file": ["The file has more than 2 rows; split it."]}


def test_line_errors_make_one_error_shape() -> None:
    table = csvin.read("a,b\n1,2,3\n4,5\n6,x\n", required=["a", "b"])
    errors = csvin.LineErrors()
    rows = list(csvin.rows_checked(table, errors))
    for row in rows:
        if not row["b"].isdigit():
            errors.add(row.line, "b", "not a number.")
    assert [r.line for r in rows] == [3, 4]
    err = errors.error()
    assert err.fields == {
        "lines": [
            {
                "line": 2,
                "errors": {"row": ["The line has 1 value(s) more than the header has columns."]},
            },
            {"line": 4, "errors": {"b": ["not a number."]}},
        ]
    }
    assert err.message == (
        "Nothing was imported: 2 line(s) are wrong. line 2: The line has 1 value(s) more "
        "than the header has columns; line 4: b: not a number."
    )
