// What an officer may do in each state of a window, and the words for it (kept apart from the page's wiring).

/** Keyboard shortcuts → actions (keys as KeyboardEvent.key, letters lower-case). */
export const ACTION_KEYS = {
    F1: "call-next",
    " ": "call-next",
    r: "recall",
    s: "start",
    f: "finish",
    n: "no-show",
    t: "transfer",
    p: "pause",
    o: "open",
};

/** Which buttons are enabled for a window state, and a hint for the officer. */
export function buttonStates(win, recallsBeforeNoShow) {
    const t = win.ticket;
    const open = win.status === "open";
    const s = {
        "call-next": open && !t,
        recall: !!t && t.status === "called",
        start: !!t && t.status === "called",
        finish: !!t && t.status === "serving",
        "no-show": !!t && t.status === "called" && t.recalls >= recallsBeforeNoShow,
        transfer: !!t && (t.status === "called" || t.status === "serving"),
        pause: (open && !t) || win.status === "paused",
        open: win.status === "closed" || !t,
        hint: null,
    };
    if (win.status === "closed") s.hint = ["窗口已关闭，按 O 开窗后即可叫号", "The window is closed — press O to open it, then call"];
    else if (win.status === "paused") s.hint = ["暂停中，按 P 恢复服务", "Paused — press P to resume"];
    else if (!t) s.hint = ["按 F1 或空格叫下一位", "Press F1 or Space to call the next ticket"];
    else if (t.status === "called" && t.recalls < recallsBeforeNoShow) {
        s.hint = [
            `未到窗口可重呼；重呼 ${recallsBeforeNoShow} 次后可标记过号`,
            `Not here? Recall; no-show is possible after ${recallsBeforeNoShow} recalls`,
        ];
    } else if (t.status === "called") s.hint = ["纳税人到达后按 S 开始办理", "Press S when the taxpayer arrives"];
    else if (t.status === "serving") s.hint = ["办理完毕按 F 办结", "Press F when the business is done"];
    return s;
}

export const STATUS_WORDS = {
    window: {
        open: ["服务中", "Open"],
        paused: ["暂停", "Paused"],
        closed: ["关闭", "Closed"],
    },
    ticket: {
        called: ["已呼叫", "Called"],
        serving: ["办理中", "Serving"],
    },
    /** Log lines for finished actions. */
    done: {
        recall: ["重呼", "recalled"],
        start: ["开始办理", "service started"],
        finish: ["办结", "finished"],
        "no-show": ["过号", "no-show"],
        transfer: ["转移", "transferred"],
        pause: ["暂停服务", "paused"],
        resume: ["恢复服务", "resumed"],
        open: ["开窗", "window opened"],
        close: ["关窗", "window closed"],
    },
};

/** Reasons offered when pausing, [zh, en]. */
export const PAUSE_REASONS = [
    ["短暂休息", "Short break"],
    ["午餐", "Lunch"],
    ["业务咨询", "Consulting a colleague"],
    ["会议培训", "Meeting or training"],
];
