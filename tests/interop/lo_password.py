#!/usr/bin/python3
"""LibreOffice with a password, through python-uno (soffice --convert-to has no way to give
an opening password on the command line in LibreOffice 7.4: --infilter sets only the filter,
and a password-protected file makes headless conversion fail without asking).

  lo_password.py PROFILE_DIR open IN.xlsx PASSWORD OUT.csv      first sheet as CSV
  lo_password.py PROFILE_DIR encrypt IN.xlsx PASSWORD OUT.xlsx  save with a password
  lo_password.py PROFILE_DIR pdf IN.xlsx PASSWORD OUT.pdf        print it, as docs/ pictures

Exit 0 on success, 1 when LibreOffice refuses (e.g. a wrong password), 77 without uno."""
import os
import subprocess
import sys
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError:
    sys.exit(77)


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def named(name, value):
    from com.sun.star.beans import NamedValue
    v = NamedValue()
    v.Name, v.Value = name, value
    return v


def main():
    profile, mode, src, password, dst = sys.argv[1:6]
    pipe = "custkit_lo_%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "-env:UserInstallation=file://" + os.path.abspath(profile), "--headless",
         "--invisible", "--norestore", "--nologo",
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:  # not listening yet
                time.sleep(0.5)
        if ctx is None:
            print("LibreOffice did not start", file=sys.stderr)
            return 1
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        src_url = uno.systemPathToFileUrl(os.path.abspath(src))
        dst_url = uno.systemPathToFileUrl(os.path.abspath(dst))
        load = dict(Hidden=True, ReadOnly=mode != "encrypt")
        if mode != "encrypt":
            load["Password"] = password
        try:
            doc = desktop.loadComponentFromURL(src_url, "_blank", 0, props(**load))
        except Exception as exc:  # a wrong password raises here
            print("LibreOffice cannot open %s: %s" % (src, exc), file=sys.stderr)
            return 1
        if doc is None:
            print("LibreOffice cannot open %s" % src, file=sys.stderr)
            return 1
        if mode == "pdf":
            doc.storeToURL(dst_url, props(FilterName="calc_pdf_Export"))
        elif mode == "open":
            doc.storeToURL(dst_url, props(FilterName="Text - txt - csv (StarCalc)",
                                          FilterOptions="44,34,76,1"))
        else:
            # the OOXML filter encrypts from EncryptionData (what the Save dialog's password
            # becomes): OOXPassword; LibreOffice writes Agile Encryption
            enc = (named("OOXPassword", password),)
            doc.storeToURL(dst_url, props(FilterName="Calc MS Excel 2007 XML",
                                          EncryptionData=enc))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes away with the office
            pass
        return 0
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main())
