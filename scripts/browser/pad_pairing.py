"""The rating pad's pairing as check_pages.py walks it: a new pad pairs itself through an officer's login, and a
revoked one asks to be paired again."""

from support import LIVE, http

# Records every fetch a page makes as [method, path, status], to see which requests pairing made.
FETCH_LOG = """(() => {
    window.__fetches = [];
    const real = window.fetch;
    window.fetch = async (input, init = {}) => {
        const reply = await real(input, init);
        window.__fetches.push([init.method || "GET", new URL(String(input), location.href).pathname, reply.status]);
        return reply;
    };
})()"""
PAD_TOKEN = "localStorage.getItem('hallq.pad.1.token')"


def pair_pad(run, pad):
    """A new pad has no token: it shows the pairing form, officer1 logs in on it once, and it keeps a pad token
    while the officer's login is ended again."""
    pad.wait_for("document.body.dataset.state === 'pair'", LIVE, "the pairing form on a pad without a token")
    run.ok("a pad that was never paired asks to be paired")
    run.shot(pad, "rate-pair.png")
    pad.eval(FETCH_LOG)
    pad.type_into("#pair-user", "officer1")
    pad.type_into("#pair-password", "demo")
    pad.tap("#pair-submit")
    pad.wait_for("document.body.dataset.state === 'welcome'", LIVE, "the welcome screen after pairing")
    token = pad.eval(PAD_TOKEN)
    run.expect(isinstance(token, str) and token.startswith("pad_"), "the pad keeps its own token after pairing", token)
    calls = [c for c in pad.eval("window.__fetches") if c[1] in ("/api/login", "/api/windows/1/pad", "/api/logout")]
    run.expect(calls == [["POST", "/api/login", 200], ["POST", "/api/windows/1/pad", 201], ["POST", "/api/logout", 204]],
               "pairing logs the officer in once, pairs window 1's pad and logs the officer out again", calls)
    status, me = http("GET", f"{run.base}/api/pad", token=token)
    run.expect(status == 200 and me.get("window") == 1, "the server knows the token as window 1's pad", (status, me))
    status, _ = http("POST", f"{run.base}/api/windows/1/call-next", token=token)
    run.expect(status == 403, "the pad's token opens no staff route", status)


def check_revoked_pad_pairs_again(run, pad):
    """A manager revokes the pad; opened again, it asks to be paired."""
    token = pad.eval(PAD_TOKEN)
    _, me = http("GET", f"{run.base}/api/pad", token=token)
    _, login = http("POST", f"{run.base}/api/login", {"user": "manager", "password": "demo"})
    status, _ = http("DELETE", f"{run.base}/api/pads/{me['id']}", token=login["token"])
    run.expect(status == 204, "a manager revokes the pad", status)
    pad.navigate(f"{run.base}/displays/rate/1")
    pad.wait_for("document.body.dataset.state === 'pair' && document.getElementById('pair-error').textContent !== ''", LIVE,
                 "the pairing form again, saying why")
    run.expect(pad.eval(PAD_TOKEN) is None, "a revoked pad forgets its token and asks to be paired again", pad.text("#pair-error"))
    run.revoked_pad = True
