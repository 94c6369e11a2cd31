// Chinese and English words for the pages, the chosen language remembered on the device.

const STORAGE_KEY = "hallq.lang";

/**
 * A translator for one page. `words` is {key: [zh, en]}; strings may hold {name} placeholders.
 * Elements with data-t="key" get the text, data-t-placeholder / data-t-aria-label the attributes.
 */
export class I18n {
    constructor(words, { defaultLang = "zh", remember = true } = {}) {
        this.words = words;
        this.remember = remember;
        const saved = remember ? safeGet(STORAGE_KEY) : null;
        const fromUrl = new URLSearchParams(location.search).get("lang");
        this.lang = [fromUrl, saved, defaultLang].find((l) => l === "zh" || l === "en");
        this.listeners = [];
    }

    /** The word for `key` in the current language (or `lang`), with {placeholders} filled. */
    t(key, vars = {}, lang = this.lang) {
        const entry = this.words[key];
        const text = entry ? entry[lang === "en" ? 1 : 0] : key;
        return text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? "");
    }

    /**
     * The word for `key` as children for el(): like t(), but a placeholder whose value is a node (a number in bold,
     * say) keeps that node, so words never carry markup.
     */
    parts(key, vars = {}, lang = this.lang) {
        const entry = this.words[key];
        const text = entry ? entry[lang === "en" ? 1 : 0] : key;
        return text.split(/\{(\w+)\}/).map((piece, i) => (i % 2 ? (vars[piece] ?? "") : piece));
    }

    /** Both languages, "中文 English" style, for boards that always show both. */
    both(key, vars = {}) {
        return { zh: this.t(key, vars, "zh"), en: this.t(key, vars, "en") };
    }

    /** A {zh, en} name from the API in the current language. */
    name(n) {
        if (!n) return "";
        return (this.lang === "en" ? n.en : n.zh) || n.zh || n.en || "";
    }

    set(lang) {
        if (lang !== "zh" && lang !== "en") return;
        this.lang = lang;
        if (this.remember) safeSet(STORAGE_KEY, lang);
        this.apply();
        for (const fn of this.listeners) fn(lang);
    }

    onChange(fn) {
        this.listeners.push(fn);
    }

    /** Fills every data-t element under `root` and marks the document's language. */
    apply(root = document) {
        document.documentElement.lang = this.lang === "en" ? "en" : "zh-CN";
        for (const el of root.querySelectorAll("[data-t]")) el.textContent = this.t(el.dataset.t);
        for (const el of root.querySelectorAll("[data-t-placeholder]")) el.placeholder = this.t(el.dataset.tPlaceholder);
        for (const el of root.querySelectorAll("[data-t-aria-label]")) el.setAttribute("aria-label", this.t(el.dataset.tAriaLabel));
        for (const el of root.querySelectorAll(".lang-switch [data-lang]")) el.setAttribute("aria-pressed", String(el.dataset.lang === this.lang));
    }

    /** Wires a .lang-switch element's [data-lang] buttons. */
    bindSwitch(el) {
        el.addEventListener("click", (e) => {
            const button = e.target.closest("[data-lang]");
            if (button) this.set(button.dataset.lang);
        });
    }
}

function safeGet(key) {
    try {
        return localStorage.getItem(key);
    } catch {
        return null;
    }
}

function safeSet(key, value) {
    try {
        localStorage.setItem(key, value);
    } catch {
        /* private mode: the choice lasts for this page only */
    }
}
