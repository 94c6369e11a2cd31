"""The history pages as check_pages.py walks them: the public peak-time page on a phone, and the managers' statistics
with their login, a report and its CSV download."""

import glob
import os
import tempfile
import time

from support import LIVE


def check_peak_page(run, browser):
    """The public peak-time page draws the live comparison, the week's heatmap and the month's chart, and redraws the
    heatmap for another metric."""
    peak = run.open(browser, "peak", "/peak", mobile=True, touch=True)
    peak.wait_for("document.body.dataset.ready === 'true'", LIVE, "the peak page to finish loading")
    run.expect("Loading" not in (peak.text("#live-headline") or "Loading"), "the peak page compares now with the usual",
               peak.text("#live-headline"))
    cells = peak.eval("document.querySelectorAll('#heat .c').length")
    run.expect(cells > 0 and peak.eval("!!document.querySelector('#month svg')"), "the peak page draws the week's heatmap and the month's chart",
               cells)
    peak.click("#metric [data-metric='wait']")
    peak.wait_for("document.querySelector('#metric [data-metric=\"wait\"]').getAttribute('aria-pressed') === 'true'"
                  " && document.getElementById('scale-title').textContent.includes('等候时间')", LIVE, "the heatmap of waits")
    run.ok("the peak page redraws the heatmap for another metric")


def check_stats_page(run, browser):
    """A manager signs in on the statistics page, sees a report for the last 30 days and downloads it as CSV."""
    stats = run.open(browser, "stats", "/stats")
    stats.wait_for("!document.getElementById('login').hidden", LIVE, "the statistics login form")
    stats.type_into("#login-form [name=user]", "officer1")
    stats.type_into("#login-form [name=password]", "demo")
    stats.click("#login-form button[type=submit]")
    stats.wait_for("document.getElementById('login-error').textContent.includes('Managers only')", LIVE, "the refusal of an officer")
    run.ok("the statistics page turns an officer away")
    stats.type_into("#login-form [name=user]", "manager")
    stats.type_into("#login-form [name=password]", "demo")
    stats.click("#login-form button[type=submit]")
    stats.wait_for("document.body.dataset.ready === 'true'", LIVE, "the first report after signing in")
    run.expect(stats.eval("document.querySelectorAll('#tiles .tile').length") > 0
               and stats.eval("document.querySelectorAll('.charts svg').length") == 4
               and stats.eval("!!document.querySelector('#table tr.total')"),
               "the statistics page shows tiles, four charts and the table", stats.text("#period"))
    run.expect(stats.eval("JSON.parse(sessionStorage.getItem('hallq.staff')).role") == "manager",
               "the statistics page keeps the staff login the dashboard uses")
    folder = tempfile.mkdtemp(prefix="hallq-csv-")
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder, "browserContextId": stats.context})
    stats.click("#csv")
    deadline = time.time() + LIVE
    files = []
    while time.time() < deadline and not files:
        files = glob.glob(os.path.join(folder, "*.csv"))
        time.sleep(0.1)
    text = open(files[0], encoding="utf-8-sig").read() if files else ""
    run.expect(files and os.path.basename(files[0]).startswith("hallq-stats-day-") and "," in text.split("\n")[0],
               "the statistics page downloads the report as CSV", files)
    run.expect(stats.text("#query-error") == "", "the download leaves no error", stats.text("#query-error"))
    stats.click("#logout")
    stats.wait_for("!document.getElementById('login').hidden && sessionStorage.getItem('hallq.staff') === null", LIVE,
                   "the login form after logging out")
    run.ok("logging out of the statistics page returns to its login form")
