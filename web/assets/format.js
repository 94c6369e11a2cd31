// Formatting of times and waits, and the client-side checks of taxpayer input (the server checks again).

/** "about 12 min" style estimate from seconds, or null when there is no estimate. */
export function waitText(seconds, lang = "zh") {
    if (seconds == null) return null;
    const minutes = Math.max(1, Math.round(seconds / 60));
    if (seconds < 60) return lang === "en" ? "under 1 min" : "不到 1 分钟";
    if (minutes >= 90) {
        const h = Math.floor(minutes / 60);
        const m = minutes % 60;
        return lang === "en" ? `about ${h} h ${m} min` : `约 ${h} 小时 ${m} 分钟`;
    }
    return lang === "en" ? `about ${minutes} min` : `约 ${minutes} 分钟`;
}

/** m:ss or h:mm:ss for running timers. */
export function clockText(seconds) {
    if (seconds == null || Number.isNaN(seconds)) return "–";
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, "0");
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Wall-clock parts in the hall's time zone. */
export function hallTime(date, timeZone) {
    const parts = {};
    const fmt = new Intl.DateTimeFormat("en-GB", {
        timeZone: timeZone || undefined,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        weekday: "short",
        hourCycle: "h23",
    });
    for (const p of fmt.formatToParts(date)) parts[p.type] = p.value;
    const weekdays = {
        Mon: ["星期一", "Monday"],
        Tue: ["星期二", "Tuesday"],
        Wed: ["星期三", "Wednesday"],
        Thu: ["星期四", "Thursday"],
        Fri: ["星期五", "Friday"],
        Sat: ["星期六", "Saturday"],
        Sun: ["星期日", "Sunday"],
    };
    return {
        date: `${parts.year}-${parts.month}-${parts.day}`,
        time: `${parts.hour}:${parts.minute}`,
        seconds: parts.second,
        weekdayZh: weekdays[parts.weekday]?.[0] ?? "",
        weekdayEn: weekdays[parts.weekday]?.[1] ?? "",
        dateZh: `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日`,
    };
}

/** An 11-digit mainland mobile number (13x–19x). */
export function isMobileNumber(s) {
    return /^1[3-9]\d{9}$/.test(s);
}

/** An 18-character resident ID with a valid GB 11643 check character. */
export function isResidentID(s) {
    const id = String(s).toUpperCase();
    if (!/^\d{17}[\dX]$/.test(id)) return false;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i];
    return "10X98765432"[sum % 11] === id[17];
}

/** Digits read one by one, in Chinese, so a voice says "A 零 一 二" rather than "A twelve". */
export function spokenNumberZh(number) {
    const digits = "零一二三四五六七八九";
    return [...number].map((c) => (c >= "0" && c <= "9" ? digits[Number(c)] : c)).join(" ");
}

/** Digits read one by one, in English. */
export function spokenNumberEn(number) {
    return [...number].join(" ");
}
