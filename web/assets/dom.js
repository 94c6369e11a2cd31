// Building the page from data, the one way every module does it: elements made with el() and svg(), text always set
// as text. Nothing here parses a string as markup, so a name, reason or message from the server can never become an
// element, an attribute or a script (the browser checks fail if innerHTML or another markup sink comes back).

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An HTML element: el("li", {class: "fresh", dataset: {service: "A"}}, "A001", el("small", "号窗口")).
 * `attrs` may be left out when the first child is not a plain object. Attributes:
 *   class    a string, or an array whose empty entries are dropped (["svc", over && "over"])
 *   dataset  {name: value}, written to data-* attributes
 *   style    {property: value} through the CSSOM (the pages' Content-Security-Policy refuses style="" in markup);
 *            custom properties ("--level-color") too
 *   aria-*   written as given, booleans as "true" and "false"
 *   other    set as attributes; true gives an empty (boolean) attribute; false, null and undefined leave it out.
 * Children: strings and numbers become text nodes, nodes are added as they are, arrays are flattened, and null,
 * undefined, false and true are skipped (so `cond && el(…)` works).
 */
export function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
}

/** An SVG element, with attributes and children as for el(). */
export function svg(tag, attrs, ...children) {
    return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replaces what `parent` holds with `children` (as for el()); returns `parent`. */
export function fill(parent, ...children) {
    parent.replaceChildren(...nodes(children));
    return parent;
}

function build(node, attrs, children) {
    if (!isAttributes(attrs)) children.unshift(attrs);
    else setAttributes(node, attrs);
    node.append(...nodes(children));
    return node;
}

function isAttributes(value) {
    return value != null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Node);
}

function setAttributes(node, attrs) {
    for (const [name, value] of Object.entries(attrs)) {
        if (value == null) continue;
        if (name.startsWith("aria-")) {
            node.setAttribute(name, String(value));
            continue;
        }
        if (value === false) continue;
        if (name.toLowerCase().startsWith("on")) throw new TypeError(`el(): ${name} is code, not an attribute; add a listener`);
        if (name === "class") {
            const names = Array.isArray(value) ? value.filter(Boolean).join(" ") : String(value);
            if (names) node.setAttribute("class", names);
        } else if (name === "dataset") {
            for (const [key, v] of Object.entries(value)) if (v != null) node.dataset[key] = String(v);
        } else if (name === "style") {
            for (const [property, v] of Object.entries(value)) {
                if (v == null) continue;
                if (property.startsWith("--")) node.style.setProperty(property, String(v));
                else node.style[property] = String(v);
            }
        } else {
            node.setAttribute(name, value === true ? "" : String(value));
        }
    }
}

/**
 * Children as nodes and strings for append(): arrays flattened, nothing for null, undefined and booleans, and
 * neighbouring strings joined into one text node (as the HTML parser makes them, so text is laid out the same).
 */
function nodes(children) {
    const out = [];
    const add = (child) => {
        if (child == null || typeof child === "boolean") return;
        if (Array.isArray(child)) child.forEach(add);
        else if (child instanceof Node) out.push(child);
        else if (typeof out[out.length - 1] === "string") out[out.length - 1] += String(child);
        else out.push(String(child));
    };
    children.forEach(add);
    return out;
}
