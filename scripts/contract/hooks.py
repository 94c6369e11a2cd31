"""Schemathesis hooks for the API contract check (`ContractTests`): what openapi.yaml says in words, taught to the generator.

Two string formats of the spec are facts a JSON Schema cannot compute, so without these the fuzzer's "valid" values
would almost never be valid and its positive cases would test refusals only:

- `hall-service`: one of the hall's service codes. They come from the hall's config, so the spec can only give their
  shape (`^[A-Z]{1,2}$`); the codes themselves are passed in `HALLQ_SERVICES` (e.g. `A,B,C,D,E`, from `GET /api/hall`).
- `cn-resident-id`: an 18-character resident ID whose last character is the GB 11643 check character of the first 17
  digits. The pattern gives the shape; the check character is computed here.

One rule joins two fields, which a JSON Schema of one object cannot say without a construction the generator handles
poorly: `sms: true` in `POST /api/tickets` needs a `phone` to text (400 `reminder_needs_phone` otherwise). Positive
cases that ask for texts without a number are given none (`map_body` below); the refusal is asserted in
ReminderTextTests.

These only steer which valid values are drawn: every response is still checked against the spec, and the negative
phases still send values that break the pattern or the type. (A well-formed code the hall does not have, or a wrong
check character, is refused with 4xx as the spec says; GuardTests and HistoryRouteTests assert those.)
"""

import os

import schemathesis
from hypothesis import strategies as st

SERVICES = [code for code in os.environ.get("HALLQ_SERVICES", "").split(",") if code]
if not SERVICES:
    raise RuntimeError("HALLQ_SERVICES must list the hall's service codes, e.g. A,B,C,D,E")

schemathesis.openapi.format("hall-service", st.sampled_from(SERVICES))

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _with_check_character(digits: str) -> str:
    return digits + "10X98765432"[sum(int(d) * w for d, w in zip(digits, _WEIGHTS)) % 11]


schemathesis.openapi.format(
    "cn-resident-id",
    st.text(alphabet="0123456789", min_size=17, max_size=17).map(_with_check_character),
)


@schemathesis.hook.apply_to(method="POST", path="/api/tickets")
def map_body(context, body):
    """Texts need a number to go to: a generated ticket that asks for them without a phone asks for none."""
    if isinstance(body, dict) and body.get("sms") is True and not str(body.get("phone") or "").strip():
        body = {**body, "sms": False}
    return body
