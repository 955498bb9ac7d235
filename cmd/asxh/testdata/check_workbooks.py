"""Opens every workbook named on the command line with openpyxl, as an
accountant's script or pandas.read_excel would, and prints one line per
problem: a file openpyxl refuses, a colour that is not ARGB, and, for the
files after --print, a sheet without asxh's print setup. Silent when all
is well. Run with /usr/bin/python3 (Debian's python3-openpyxl)."""
import re
import sys
import warnings
import zipfile

import openpyxl

ARGB = re.compile(r"^[0-9A-Fa-f]{8}$")
RGB_ATTR = re.compile(rb'\brgb="([^"]*)"')


def colours(path):
    """Every rgb attribute of every XML part: styles, sheets, charts, drawings."""
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if not name.endswith(".xml"):
                continue
            for m in RGB_ATTR.finditer(z.read(name)):
                v = m.group(1).decode()
                if not ARGB.match(v):
                    yield "%s: %s: rgb=%r is not an ARGB colour" % (path, name, v)


def print_setup(path, wb):
    for ws in wb.worksheets:
        where = "%s!%s" % (path, ws.title)
        ps = ws.page_setup
        if str(ps.paperSize) != "9":
            yield "%s: paper %s, not A4 (9)" % (where, ps.paperSize)
        if ps.orientation not in ("portrait", "landscape"):
            yield "%s: no orientation" % where
        pr = ws.sheet_properties.pageSetUpPr
        if pr is None or not pr.fitToPage or ps.fitToWidth != 1 or ps.fitToHeight != 0:
            yield "%s: not fitted to one page wide (fitToWidth %s, fitToHeight %s)" % (where, ps.fitToWidth, ps.fitToHeight)
        if "&P" not in (ws.oddFooter.center.text or ""):
            yield "%s: no page number in the footer" % where
        if ws.sheet_state == "visible" and not ws.print_title_rows:
            yield "%s: header rows not repeated on every page" % where
        for letter, dim in sorted(ws.column_dimensions.items()):
            if dim.width is not None and dim.width > 0 and not (4 <= dim.width <= 90):
                yield "%s: column %s is %.1f wide" % (where, letter, dim.width)


def main(args):
    setup = False
    for path in args:
        if path == "--print":
            setup = True
            continue
        for p in colours(path):
            print(p)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's notes on data validation and the like
                wb = openpyxl.load_workbook(path)
                openpyxl.load_workbook(path, data_only=True, read_only=True).close()
        except Exception as e:  # any refusal is the finding
            print("%s: openpyxl cannot open it: %s: %s" % (path, type(e).__name__, e))
            continue
        if setup:
            for p in print_setup(path, wb):
                print(p)


if __name__ == "__main__":
    main(sys.argv[1:])
