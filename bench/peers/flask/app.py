"""TechEmpower's plaintext, json and fortunes tests on Flask, the Python peer
of bench/ (same logic and same fortunes as bench/internal/tfb).

Run it with gunicorn's sync workers, one process per worker:

    TFB_DB=tfb.sqlite3 gunicorn -w N -b 127.0.0.1:8080 app:app

from this directory. TFB_DB is the SQLite file (shared with the Go peers;
created and seeded if missing). gunicorn adds the Server and Date headers.
"""

import os
import random
import sqlite3

from flask import Flask, Response, jsonify, render_template

HELLO = "Hello, World!"
ADDED_FORTUNE = "Additional fortune added at request time."
WORLD_ROWS = 10000

# TechEmpower's 12 fortunes, as in bench/internal/tfb/fortune.go.
SEED_FORTUNES = [
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. \u2014 Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af"),
]


def connect(path):
    """Open path with the pragmas goframe's orm uses, seeding it if needed."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        exists = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'World'"
        ).fetchone()[0]
        if not exists:
            conn.execute("CREATE TABLE World (id INTEGER PRIMARY KEY, randomNumber INTEGER NOT NULL)")
            conn.execute("CREATE TABLE Fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)")
            conn.executemany(
                "INSERT INTO World (id, randomNumber) VALUES (?, ?)",
                ((i, random.randint(1, WORLD_ROWS)) for i in range(1, WORLD_ROWS + 1)),
            )
            conn.executemany("INSERT INTO Fortune (id, message) VALUES (?, ?)", SEED_FORTUNES)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        conn.close()
        raise
    return conn


def create_app(path):
    """The Flask app, on the SQLite file at path.

    Each gunicorn sync worker is a forked process serving one request at a
    time: it opens its own connection on first use (a connection must not
    cross a fork).
    """
    app = Flask(__name__)
    conns = {}

    def db():
        pid = os.getpid()
        if pid not in conns:
            conns.clear()
            conns[pid] = connect(path)
        return conns[pid]

    @app.get("/plaintext")
    def plaintext():
        return Response(HELLO, mimetype="text/plain")

    @app.get("/json")
    def json():
        return jsonify(message=HELLO)

    @app.get("/fortunes")
    def fortunes():
        rows = db().execute("SELECT id, message FROM Fortune").fetchall()
        rows.append((0, ADDED_FORTUNE))
        rows.sort(key=lambda f: f[1])
        return render_template("fortunes.html", fortunes=rows)

    db()  # create and seed the file now, before gunicorn forks
    return app


app = create_app(os.environ.get("TFB_DB", "tfb.sqlite3"))
