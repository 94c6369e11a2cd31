// The daemon's JSON API as promises: every failure becomes an ApiError with the server's code and message.

/** A refusal or a failure to reach the daemon; `status` 0 means the network. */
export class ApiError extends Error {
    constructor(status, code, message, messageZh = null) {
        super(message);
        this.name = "ApiError";
        this.status = status;
        this.code = code;
        /** The server's own Chinese wording, for refusals it words in both languages (e.g. hall_closed). */
        this.messageZh = messageZh;
    }

    /** True when the request may never have reached the daemon. */
    get isNetwork() {
        return this.status === 0;
    }
}

/**
 * Sends one request. `body` is sent as JSON; `token` as a Bearer header.
 * Resolves with the parsed JSON (null for 204), or a Blob when `accept` asks for another type (e.g. "text/csv");
 * rejects with ApiError.
 */
export async function api(method, path, { body, token, accept = "application/json", timeoutMs = 10000 } = {}) {
    const headers = { Accept: accept };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = "Bearer " + token;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response;
    try {
        response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: abort.signal,
            cache: "no-store",
        });
    } catch (e) {
        throw new ApiError(0, abort.signal.aborted ? "timeout" : "network", "the hall's server could not be reached");
    } finally {
        clearTimeout(timer);
    }
    if (response.status === 204) return null;
    if (response.ok && !accept.includes("json")) return response.blob();
    const text = await response.text().catch(() => "");
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = null;
        }
    }
    if (!response.ok) {
        const error = data && data.error;
        throw new ApiError(
            response.status,
            (error && error.code) || "http_" + response.status,
            (error && error.message) || response.statusText,
            (error && error.messageZh) || null,
        );
    }
    return data;
}

/** Bilingual words for the refusals a taxpayer or officer can meet; the server's message is the fallback. */
const errorWords = {
    network: ["无法连接服务器，请稍后再试", "Cannot reach the hall's server; please try again"],
    timeout: ["服务器响应超时，请稍后再试", "The server took too long; please try again"],
    unknown_service: ["该业务暂不办理", "This service is not offered here"],
    invalid_phone: ["手机号码格式不正确", "The mobile number is not valid"],
    invalid_id_number: ["身份证号码不正确", "The ID number is not valid"],
    reminder_limit: [
        "今天此手机号的短信提醒次数已用完，本次请不选短信提醒",
        "This number has had all of today's text reminders; take this one without texts",
    ],
    reminder_in_use: [
        "此手机号已有一张等候中的号码在接收短信提醒，本次请不选短信提醒",
        "This number already gets texts for a ticket still waiting; take this one without texts",
    ],
    wrong_secret: ["凭证不符，无法操作此号", "This ticket's code does not match"],
    illegal_transition: ["当前状态下不能这样操作", "That is not possible in the ticket's current state"],
    window_closed: ["窗口未开启，请先开窗", "The window is closed; open it first"],
    window_paused: ["窗口暂停中，请先恢复", "The window is paused; resume it first"],
    window_not_paused: ["窗口未暂停", "The window is not paused"],
    window_busy: ["窗口还有未办结的号", "The window still holds a ticket"],
    no_ticket_at_window: ["窗口当前没有号", "The window holds no ticket"],
    too_few_recalls: ["请先重呼后再标记过号", "Recall more times before marking a no-show"],
    service_not_at_window: ["该窗口不办理此业务", "That window does not serve this business"],
    invalid_transfer: ["无法转移", "Cannot transfer"],
    unauthorized: ["请先登录", "Please log in"],
    invalid_token: ["登录已过期，请重新登录", "Your login has expired; please log in again"],
    wrong_credentials: ["用户名或密码错误", "Unknown user or wrong password"],
    too_many_attempts: ["登录失败次数过多，请稍后再试", "Too many failed logins; try again later"],
    forbidden: ["无权操作此窗口", "You may not act at this window"],
    already_rated: ["已评价，感谢您的反馈", "Already rated — thank you"],
    not_finished: ["办结后才能评价", "You can rate once your business is finished"],
    not_this_window: ["此号不是在本窗口办理的", "This ticket was not served at this window"],
    pad_not_paired: ["评价器尚未配对，请工作人员配对", "This rating pad is not paired; staff must pair it"],
    pad_not_staff: ["评价器不能进行此操作", "A rating pad cannot do this"],
    rating_expired: ["评价时间已过", "The time to rate this ticket has passed"],
    invalid_field: ["输入内容有误", "Some input is not valid"],
    unknown_ticket: ["找不到此号", "No such ticket"],
    hall_closed: ["现在不取号", "No tickets are issued now"],
    too_many_tickets: ["取号过于频繁，请稍后再试", "Too many tickets from this device; try again shortly"],
    daily_limit_reached: ["今日此项业务号已发完", "Today's tickets for this business are all taken"],
    priority_needs_staff: ["绿色通道需工作人员确认", "The priority lane is confirmed by staff"],
    unsupported_media_type: ["请求格式不正确", "The request was not sent as JSON"],
    not_bookable: ["该业务不接受预约，请现场取号", "This business takes no bookings; take a ticket at the hall"],
    day_closed: ["当天不接受预约", "No bookings that day"],
    date_not_bookable: ["该日期不在可预约范围内", "That day cannot be booked"],
    unknown_slot: ["没有这个时段", "There is no such time"],
    booking_closed: ["该时段已停止预约", "Booking for that time has closed"],
    slot_full: ["该时段已约满，请选择其他时段", "That time is fully booked; choose another"],
    already_booked: ["此手机号当天已预约该业务", "This number already has a booking for this business that day"],
    phone_booking_limit: ["此手机号的预约已达上限", "This number holds as many bookings as it may"],
    too_many_bookings: ["预约过于频繁，请稍后再试", "Too many bookings from this device; try again shortly"],
    unknown_appointment: ["找不到此预约", "No such booking"],
    appointment_not_active: ["此预约已签到、失约或取消", "This booking has been used, missed or cancelled"],
    no_booking: ["今天没有此预约码或手机号的预约", "No booking today with this code or number"],
    booking_cancelled: ["此预约已取消", "This booking was cancelled"],
    already_checked_in: ["此预约已签到", "This booking is already checked in"],
    too_early: ["还未到签到时间", "Check-in has not opened yet"],
};

/** The message to show for an error, in `lang` ("zh" or "en"); includes the server's detail when it adds something. */
export function errorText(error, lang = "zh") {
    // The server worded this one in both languages (with the day and time that matter): use its words.
    if (error && error.messageZh) return lang === "en" ? error.message : error.messageZh;
    const words = error && errorWords[error.code];
    const i = lang === "en" ? 1 : 0;
    if (words) {
        // For these the server's message names the ticket or window concerned, which helps staff.
        const detail =
            error.message && ["illegal_transition", "invalid_transfer", "window_busy", "invalid_field", "already_checked_in"].includes(error.code);
        return detail ? `${words[i]}${lang === "en" ? " (" : "（"}${error.message}${lang === "en" ? ")" : "）"}` : words[i];
    }
    if (error && error.message) return error.message;
    return lang === "en" ? "Something went wrong" : "操作失败";
}
