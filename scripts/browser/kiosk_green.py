"""check_pages.py's walk through the kiosk's priority lane: a green-channel ticket needs a member of staff."""

import re

from support import LIVE, http


def check_kiosk_green(run, kiosk):
    """A green-channel ticket is given by staff: a guide logs in in the kiosk's dialog (a wrong password is refused
    there), the ticket is issued with that login, and nothing of the login stays on the kiosk. Each step is said
    aloud (the daemon's audio) for a taxpayer who cannot read the screen, the new number last."""
    if kiosk.eval("document.body.dataset.view") == "ticket":
        kiosk.tap("#done")
    kiosk.wait_for("document.body.dataset.view === 'home'", LIVE, "the kiosk's start screen")
    dialog_open = "document.getElementById('staff-dialog').open"
    kiosk.tap("#green-toggle")
    said = "(window.hallqKioskSaid || [])"
    if kiosk.eval("fetch('/api/hall').then(r => r.json()).then(h => h.voice.audio)", await_promise=True):
        kiosk.wait_for(f"{said}.includes('/api/prompts/green-channel')", LIVE, "the spoken green-channel prompt")
        run.ok("turning the priority lane on is said aloud")
    kiosk.tap("[data-service='B']")
    kiosk.wait_for(dialog_open, LIVE, "the staff dialog for a green-channel ticket")
    run.expect(kiosk.eval("document.body.dataset.view") == "home", "the priority lane asks for a member of staff before any ticket")
    kiosk.tap("#staff-cancel")
    kiosk.wait_for(f"!{dialog_open}", LIVE, "the staff dialog to close on Cancel")
    run.expect(kiosk.eval("document.body.dataset.view") == "home", "cancelling the staff dialog takes no ticket")
    kiosk.tap("[data-service='B']")
    kiosk.wait_for(dialog_open, LIVE, "the staff dialog again")
    kiosk.type_into("#staff-user", "officer2")
    kiosk.type_into("#staff-password", "not-the-password")
    kiosk.tap("#staff-ok")
    kiosk.wait_for("document.getElementById('staff-error').textContent !== ''", LIVE, "the refusal of a wrong password")
    run.expect(kiosk.eval(dialog_open) and kiosk.eval("document.getElementById('staff-password').value") == "",
               "a wrong staff password is refused in the dialog, and the field emptied", kiosk.text("#staff-error"))
    kiosk.type_into("#staff-password", "demo")
    run.shot(kiosk, "kiosk-staff.png")
    kiosk.tap("#staff-ok")
    kiosk.wait_for("document.body.dataset.view === 'ticket'", LIVE, "the green-channel ticket")
    number = kiosk.text("#tp-number")
    ticket_id = kiosk.eval("document.body.dataset.ticketId")
    _, ticket = http("GET", f"{run.base}/api/tickets/{ticket_id}")
    run.expect(re.fullmatch(r"B\d{3}", number or "") is not None and ticket.get("priority") == "green" and kiosk.visible("#tp-priority"),
               "a guide's login gives a green-channel ticket", (number, ticket.get("priority")))
    if kiosk.eval("fetch('/api/hall').then(r => r.json()).then(h => h.voice.audio)", await_promise=True):
        kiosk.wait_for(f"{said}.at(-1).startsWith('/api/announcements/')", LIVE, "the number said aloud")
        run.expect(kiosk.eval(f"{said}.includes('/api/prompts/staff-confirm')"), "the staff dialog is said aloud", kiosk.eval(said))
        status, wav = http("GET", run.base + kiosk.eval(f"{said}.at(-1)"))
        run.expect(status == 200 and wav[:4] == b"RIFF", "the green-channel ticket's number is said aloud (the daemon's audio)", status)
    run.expect(not kiosk.eval(dialog_open) and kiosk.eval("sessionStorage.length + localStorage.length") == 0
               and kiosk.eval("document.getElementById('staff-password').value") == "",
               "nothing of the staff login stays on the kiosk")
