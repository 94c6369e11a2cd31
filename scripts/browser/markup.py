"""No page builds its DOM from a string of markup: the pages build it with web/assets/dom.js (el, svg, fill), which sets
text as text, so nothing the server sends (a service name, a pause reason, an alert message) can become an element.

Two checks keep it so. Every page the browser checks open runs with the markup sinks watched (MARKUP_GUARD): using
innerHTML or one of its kin logs "markup sink: …" with the caller, which the checks never excuse. And before the walk
through, check_no_markup_sinks() reads the modules themselves, for the sinks and for strings that start a tag, so a
sink on a path the walk-through does not take fails too.
"""

import os
import re

# Runs in every page before its own scripts (Page.addScriptToEvaluateOnNewDocument).
MARKUP_GUARD = r"""(() => {
    const report = (name) => console.error("hallq-markup-sink " + name);
    const watchSetter = (proto, prop) => {
        const d = proto && Object.getOwnPropertyDescriptor(proto, prop);
        if (!d || !d.set) return;
        Object.defineProperty(proto, prop, { ...d, set(value) { report(prop); return d.set.call(this, value); } });
    };
    const watchCall = (owner, name) => {
        const f = owner && owner[name];
        if (typeof f !== "function") return;
        owner[name] = function (...args) { report(name); return f.apply(this, args); };
    };
    watchSetter(Element.prototype, "innerHTML");
    watchSetter(Element.prototype, "outerHTML");
    watchSetter(ShadowRoot.prototype, "innerHTML");
    watchSetter(HTMLIFrameElement.prototype, "srcdoc");
    watchCall(Element.prototype, "insertAdjacentHTML");
    watchCall(Element.prototype, "setHTMLUnsafe");
    watchCall(ShadowRoot.prototype, "setHTMLUnsafe");
    watchCall(Document.prototype, "write");
    watchCall(Document.prototype, "writeln");
    watchCall(Document, "parseHTMLUnsafe");
    watchCall(Range.prototype, "createContextualFragment");
    watchCall(DOMParser.prototype, "parseFromString");
})();"""

_TOKEN = "hallq-markup-sink "


def markup_sink(params):
    """For a Runtime.consoleAPICalled event from MARKUP_GUARD: "markup sink: innerHTML (url:line)"; else None."""
    args = params.get("args") or [{}]
    text = str(args[0].get("value", ""))
    if params.get("type") != "error" or not text.startswith(_TOKEN):
        return None
    frames = [f for f in (params.get("stackTrace") or {}).get("callFrames", []) if f.get("url")]
    where = f" ({frames[0]['url']}:{frames[0].get('lineNumber', 0) + 1})" if frames else ""
    return f"markup sink: {text[len(_TOKEN):]}{where}"


ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")
SINKS = re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe|DOMParser"
                   r"|document\.write(ln)?|srcdoc)\b")
# A string or template literal that opens or closes a tag: markup being put together as text.
TAG_IN_STRING = re.compile(r"""["'`]\s*</?[a-zA-Z!]""")
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
LINE_COMMENT = re.compile(r"(^|\s)//.*$", re.M)


def markup_in_modules(root=ASSETS):
    """Lines of the pages' JavaScript that use a markup sink or build markup in a string: ["file:line: code"]."""
    found = []
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith((".js", ".mjs")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                source = f.read()
            # Comments may name the sinks (dom.js says why it uses none); blank them, keeping the line numbers.
            code = BLOCK_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
            code = LINE_COMMENT.sub(lambda m: m.group(1), code)
            for number, line in enumerate(code.split("\n"), 1):
                if SINKS.search(line) or TAG_IN_STRING.search(line):
                    found.append(f"{os.path.relpath(path, os.path.join(root, '..'))}:{number}: {line.strip()}")
    return found


def check_no_markup_sinks(run):
    found = markup_in_modules()
    run.expect(not found, "no module builds DOM from markup (innerHTML and its kin, or tags in strings)", found or None)
