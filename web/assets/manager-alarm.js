// The managers' dashboard: the alarm when an alert arrives (a chime, the panel flashing, a system notification)
// and the button that turns it on or off or asks the browser's permission.
import { fill } from "/assets/hallq.js";
import { $, state, bi, kindName, SOUND_KEY } from "/assets/manager-shared.js";

export function unlockAudio() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!state.audio) state.audio = new Ctx();
    if (state.audio.state === "suspended") state.audio.resume().catch(() => {});
}

export function askNotificationPermission() {
    if ("Notification" in window && Notification.permission === "default") {
        Notification.requestPermission().then(renderAlarmButton, renderAlarmButton);
    }
}

export function onAlarmButton() {
    unlockAudio();
    const perm = "Notification" in window ? Notification.permission : "unsupported";
    if (perm === "default") {
        state.sound = true;
        askNotificationPermission();
    } else {
        state.sound = !state.sound;
    }
    localStorage.setItem(SOUND_KEY, state.sound ? "on" : "off");
    if (state.sound) chime(1);
    renderAlarmButton();
}

export function renderAlarmButton() {
    const btn = $("btn-alarm");
    const perm = "Notification" in window ? Notification.permission : "unsupported";
    let s;
    let text;
    if (!state.sound) {
        s = "muted";
        text = ["提醒已静音", "Sound off"];
    } else if (perm === "granted") {
        s = "on";
        text = ["提醒已开启", "Alerts on"];
    } else if (perm === "default") {
        s = "off";
        text = ["开启提醒", "Enable alerts"];
    } else {
        s = "sound";
        text = ["仅声音提醒", "Sound only"];
    }
    btn.dataset.state = s;
    btn.title = perm === "denied" ? "浏览器已拒绝通知 · Notifications are blocked in this browser" : "";
    fill(btn.querySelector(".alarm-text"), bi(...text));
}

/** Two-tone pulses; escalated alerts (level 2) ring higher and longer. */
function chime(level) {
    const ctx = state.audio;
    if (!ctx || ctx.state !== "running") return;
    const pulses = level >= 2 ? 5 : 3;
    const [hi, lo] = level >= 2 ? [1175, 880] : [880, 660];
    const t0 = ctx.currentTime + 0.02;
    const gain = ctx.createGain();
    gain.gain.value = 0.0001;
    gain.connect(ctx.destination);
    for (let i = 0; i < pulses * 2; i++) {
        const t = t0 + i * 0.18;
        const osc = ctx.createOscillator();
        osc.type = "triangle";
        osc.frequency.value = i % 2 ? lo : hi;
        osc.connect(gain);
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.35, t + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.16);
        osc.start(t);
        osc.stop(t + 0.17);
    }
}

export function ring(alert) {
    if (state.sound) chime(alert.level);
    const panel = $("alerts-panel");
    panel.classList.remove("ringing");
    void panel.offsetWidth;
    panel.classList.add("ringing");
    clearTimeout(state.ringTimer);
    state.ringTimer = setTimeout(() => panel.classList.remove("ringing"), 4000);
    if (state.sound && "Notification" in window && Notification.permission === "granted") {
        try {
            const title = alert.level >= 2 ? `已升级告警 Escalated alert · ${kindName(alert.kind)[0]}` : `告警 Alert · ${kindName(alert.kind)[0]}`;
            const n = new Notification(title, {
                body: `${alert.message}\n${alert.messageEn}`,
                tag: `hallq-alert-${alert.id}`,
                requireInteraction: alert.level >= 2,
            });
            n.onclick = () => {
                window.focus();
                n.close();
            };
        } catch {
            /* some browsers only allow notifications from a service worker; the sound and the panel still alert */
        }
    }
}
