#!/usr/bin/python3
"""Fill a review workbook through LibreOffice Calc, as a reviewer types into it, and save it as
.xlsx: the round trip of internal/review's LibreOffice test.

    /usr/bin/python3 fill_review.py PROFILE IN.xlsx OUT.xlsx CELLS.json

CELLS.json maps a sheet's cells ("I5") to what is typed into them ("同意销号", "2022-09-05"): each
is entered as typed input (setFormula), so a date is recognised as a date the way Calc does when
someone types it. PROFILE is a folder of its own for LibreOffice's user profile. Needs python3-uno
(Debian), that is the system Python, not a pyenv one.
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    profile, src, dst, cells_file = sys.argv[1:5]
    with open(cells_file, encoding="utf-8") as f:
        cells = json.load(f)
    pipe = "taizhang_review_%d" % os.getpid()
    office = subprocess.Popen(
        [os.environ.get("SOFFICE", "soffice"), "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile)),
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if office.poll() is not None:
                    raise SystemExit("soffice exited with %s" % office.returncode)
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit("could not connect to soffice")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByName(cells.pop("sheet"))
        for ref, text in cells.items():
            sheet.getCellRangeByName(ref).setFormula(text)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)),
                       (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
