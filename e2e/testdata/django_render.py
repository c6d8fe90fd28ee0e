"""Render template cases with Django, for goframe's differential test.

Reads JSON lines {"id", "templates": {name: source}, "context": {...}} on
standard input (index.html is rendered; {"$date": "..."} is a datetime) and
writes one JSON line per case: {"id", "out"} or {"id", "error"} (the
exception's class name). Settings as the conformance data's: autoescape
on, string_if_invalid empty, USE_TZ False, TIME_ZONE UTC (the context's dates
are UTC wall-clock times), Django's default formats.
"""
import datetime
import json
import sys

import django
from django.conf import settings

settings.configure(
    USE_TZ=False,
    USE_I18N=False,
    TIME_ZONE="UTC",
    DATE_FORMAT="N j, Y",
    TIME_FORMAT="P",
    INSTALLED_APPS=["django.contrib.staticfiles"],
    STATIC_URL="/static/",
)
django.setup()

from django.template import Context, Engine  # noqa: E402


def convert(v):
    if isinstance(v, dict):
        if list(v) == ["$date"]:
            return datetime.datetime.fromisoformat(v["$date"])
        return {k: convert(x) for k, x in v.items()}
    if isinstance(v, list):
        return [convert(x) for x in v]
    return v


for line in sys.stdin:
    if not line.strip():
        continue
    case = json.loads(line)
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", case["templates"])],
        libraries={"static": "django.templatetags.static", "i18n": "django.templatetags.i18n"},
    )
    try:
        out = engine.get_template("index.html").render(Context(convert(case.get("context") or {})))
        res = {"id": case["id"], "out": out}
    except Exception as e:  # the class name is what the test compares
        res = {"id": case["id"], "error": type(e).__name__, "message": str(e)}
    print(json.dumps(res), flush=True)
