#!/usr/bin/python3
"""approve.py URL - a person at tw-sandbox's authorization page, for the
tests (BROWSER=approve.py): open the page, press Authorize (or Cancel with
TW_TEST_DENY=1), and follow the redirect back to the loopback callback;
where the page shows a PIN instead (OAuth 1.0a "oob"), write it to the
file $TW_TEST_PIN (a FIFO that tw-auth reads as standard input).  Each
step is logged to $TW_TEST_BROWSER_LOG when set."""
import html.parser
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.fields, self.inform = None, {}, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self.inform = a.get("action", ""), True
        elif tag == "input" and self.inform and a.get("type") == "hidden":
            self.fields[a.get("name")] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inform = False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def log(msg):
    p = os.environ.get("TW_TEST_BROWSER_LOG")
    if p:
        with open(p, "a") as f:
            f.write(msg + "\n")


def main():
    url = sys.argv[1]
    page = urllib.request.urlopen(url, timeout=10).read().decode()
    form = Form()
    form.feed(page)
    if form.action is None:
        log("no form on " + url)
        return 1
    fields = dict(form.fields)
    fields["deny" if os.environ.get("TW_TEST_DENY") else "approve"] = "1"
    target = urllib.parse.urljoin(url, form.action)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        r = opener.open(target, urllib.parse.urlencode(fields).encode(),
                        timeout=10)
        body, status, loc = r.read().decode(), r.status, None
    except urllib.error.HTTPError as e:
        body, status, loc = e.read().decode(), e.code, e.headers.get("Location")
    log("POST %s: %d" % (form.action, status))
    if loc:
        back = urllib.request.urlopen(loc, timeout=10).read().decode()
        log("back at the callback: " + re.sub(r"<[^>]*>", "", back).strip())
        return 0
    m = re.search(r'<code id="pin">([^<]*)</code>', body)
    if not m:
        log("no PIN and no redirect")
        return 1
    with open(os.environ["TW_TEST_PIN"], "w") as f:
        f.write(m.group(1) + "\n")
    log("PIN shown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
