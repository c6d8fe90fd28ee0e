"""Checks app.py with Flask's test client: python3 -m unittest test_app"""

import html
import os
import sqlite3
import tempfile
import unittest

os.environ.setdefault("TFB_DB", os.path.join(tempfile.mkdtemp(), "tfb.sqlite3"))

import app  # noqa: E402  (TFB_DB must be set first)


class AppTest(unittest.TestCase):
    def setUp(self):
        self.client = app.app.test_client()

    def test_plaintext(self):
        r = self.client.get("/plaintext")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.data, b"Hello, World!")
        self.assertTrue(r.content_type.startswith("text/plain"))

    def test_json(self):
        r = self.client.get("/json")
        self.assertEqual(r.get_json(), {"message": "Hello, World!"})
        self.assertEqual(r.content_type, "application/json")

    def test_fortunes(self):
        r = self.client.get("/fortunes")
        self.assertEqual(r.content_type, "text/html; charset=utf-8")
        body = r.get_data(as_text=True)
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)
        rows = body.split("<tr>")[2:]
        self.assertEqual(len(rows), 13)
        ids = [int(row.split("<td>")[1].split("</td>")[0]) for row in rows]
        self.assertEqual(ids, [11, 4, 5, 2, 8, 0, 3, 7, 10, 6, 9, 1, 12])
        self.assertIn("<td>0</td><td>Additional fortune added at request time.</td>", html.unescape(body))

    def test_seeded(self):
        conn = sqlite3.connect(os.environ["TFB_DB"])
        self.assertEqual(conn.execute("SELECT count(*) FROM World").fetchone()[0], 10000)
        self.assertEqual(conn.execute("SELECT count(*) FROM Fortune").fetchone()[0], 12)
        self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        conn.close()


if __name__ == "__main__":
    unittest.main()
