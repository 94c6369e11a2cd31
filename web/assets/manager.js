// The managers' dashboard: lines, windows, today's totals and timeline, and alerts that ring.
// Data: /api/dashboard and /api/alerts (manager login), kept live by /api/events. No libraries, no build step.
import { api, LiveFeed, serverClock, clockText, esc, loadHall, currentStaff, logIn, logOut, checkStaff } from '/assets/hallq.js';

const SOUND_KEY = 'hallq.manager.sound';
const REFRESH_MIN_GAP_MS = 2000;
const REFRESH_EVERY_MS = 30000;
const HALL_EVENTS = new Set(['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished', 'ticket.noShow',
    'ticket.transferred', 'ticket.cancelled', 'window.changed', 'rating.given']);
const RULE_FIELDS = ['maxWaitingPerService', 'maxWaitingPerOpenWindow', 'maxWaitMinutes', 'dissatisfiedAtOrBelow', 'maxPauseMinutes',
    'renotifyMinutes', 'escalateMinutes'];
const KIND_NAMES = {
    queue: ['排队过长', 'Long line'], load: ['窗口负荷', 'Window load'], wait: ['等候超时', 'Long wait'],
    rating: ['不满意评价', 'Dissatisfied'], pause: ['暂停过长', 'Long pause'],
};
const MANAGER_ROLES = ['manager', 'admin'];

const $ = (id) => document.getElementById(id);
const state = {
    staff: currentStaff(), hall: null, dash: null, rules: null, alerts: [], closedAlerts: [], deadLetters: [], alertsLoaded: false,
    rang: new Set(), feed: null, lastDashboardAt: 0, dashboardTimer: 0, dashboardInFlight: null, everyTimer: 0, tickTimer: 0,
    ringTimer: 0, audio: null, sound: localStorage.getItem(SOUND_KEY) !== 'off', running: false,
};

// ---------- formatting ----------
const bi = (zh, en) => `${esc(zh)} <small>${esc(en)}</small>`;
const now = () => serverClock.now();
const secondsSince = (iso) => (iso ? Math.max(0, (now() - Date.parse(iso)) / 1000) : null);
const pct = (x) => (x == null ? '<b>—</b>' : `<b>${Math.round(x * 1000) / 10}</b><i>%</i>`);
const num = (x) => (x == null ? '—' : Number(x).toLocaleString('zh-CN'));

/** A duration as value + unit parts, e.g. {v:'12', u:'分 min'}. */
function dur(seconds) {
    if (seconds == null || !isFinite(seconds)) return { v: '—', u: '' };
    const s = Math.round(seconds);
    if (s < 60) return { v: String(s), u: '秒 s' };
    if (s < 3600) return { v: String(Math.floor(s / 60)), u: '分 min' };
    return { v: `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`, u: '时 h' };
}
const durHTML = (seconds) => { const d = dur(seconds); return `<b>${d.v}</b>${d.u ? `<i>${d.u}</i>` : ''}`; };
const durText = (seconds) => { const d = dur(seconds); return d.u ? `${d.v} ${d.u}` : d.v; };
const formats = {};
function fmt(name, options) {
    formats[name] = formats[name] || new Intl.DateTimeFormat(name === 'day' ? 'en-CA' : 'zh-CN', { timeZone: state.hall?.timeZone, ...options });
    return formats[name];
}
/** HH:MM (or HH:MM:SS) in the hall's time zone. */
function hallTime(iso, withSeconds = false) {
    if (!iso) return '—';
    const t = fmt('time', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    return withSeconds ? t : t.slice(0, 5);
}
/** YYYY-MM-DD in the hall's time zone, to compare with the dashboard's day. */
const hallDay = (iso) => (iso ? fmt('day', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso)) : '');

// ---------- API: the manager's token on every call; a 401 means the session is over ----------
async function call(method, path, body) {
    try {
        return await api(method, path, { body, token: state.staff?.token });
    } catch (e) {
        if (e.status === 401) signedOut('登录已过期，请重新登录。', 'Your session has ended; please sign in again.');
        throw e;
    }
}

// ---------- login ----------
async function start() {
    document.addEventListener('pointerdown', unlockAudio, { capture: true });
    document.addEventListener('keydown', unlockAudio, { capture: true });
    $('login-form').addEventListener('submit', onLogin);
    $('btn-logout').addEventListener('click', () => { logOut(state.staff); signedOut(); });
    $('btn-rules').addEventListener('click', openRules);
    $('btn-alarm').addEventListener('click', onAlarmButton);
    $('alerts').addEventListener('click', onAlertsClick);
    $('rules-form').addEventListener('submit', saveRules);
    $('rules-cancel').addEventListener('click', () => $('rules-dialog').close());
    window.addEventListener('resize', () => state.dash && renderTimeline());
    try {
        state.hall = await loadHall();
        $('login-hall-zh').textContent = state.hall.name.zh;
        $('login-hall-en').textContent = state.hall.name.en;
    } catch { /* the login form still works; the hall's name is filled in after sign-in */ }
    if (state.staff && MANAGER_ROLES.includes(state.staff.role)) {
        try {
            await checkStaff(state.staff);
            return enter();
        } catch { /* an ended session: sign in again */ }
    }
    showLogin();
}

function showLogin(zh, en) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').innerHTML = zh ? bi(zh, en) : '';
    $('login-password').value = '';
    ($('login-user').value ? $('login-password') : $('login-user')).focus();
}

async function onLogin(ev) {
    ev.preventDefault();
    unlockAudio();
    askNotificationPermission();
    $('login-submit').disabled = true;
    $('login-error').textContent = '';
    try {
        const staff = await logIn($('login-user').value.trim(), $('login-password').value);
        if (!MANAGER_ROLES.includes(staff.role)) {
            logOut(staff);
            return showLogin('此账号不是管理账号。', 'This login is not a manager’s.');
        }
        state.staff = staff;
        enter();
    } catch (e) {
        if (e.status === 401) showLogin('账号或密码错误。', 'Unknown user or wrong password.');
        else if (e.status === 429) showLogin('失败次数过多，请稍后再试。', e.message);
        else showLogin('无法登录。', e.message);
    } finally {
        $('login-submit').disabled = false;
    }
}

function signedOut(zh, en) {
    stopLive();
    if (state.staff) logOut(null);
    state.staff = null;
    if ($('rules-dialog').open) $('rules-dialog').close();
    showLogin(zh, en);
}

async function enter() {
    $('login').hidden = true;
    $('app').hidden = false;
    const who = state.staff;
    $('who').innerHTML = `${esc(who.displayName || who.user)} <small>${esc(who.user)}</small>`;
    if (!state.hall) state.hall = await loadHall();
    $('hall-zh').textContent = state.hall.name.zh;
    $('hall-en').textContent = state.hall.name.en;
    state.running = true;
    state.alertsLoaded = false;
    state.rang.clear();
    renderAlarmButton();
    await Promise.allSettled([loadRules().then(refreshDashboard), refreshAlerts()]);
    if (!state.running) return;
    // Every (re)connection resyncs from the REST API; events missed while away are replayed first.
    state.feed = new LiveFeed({ onEvent, onStatus: setLive, onResync: () => Promise.all([refreshDashboard(true), refreshAlerts()]) }).start();
    state.everyTimer = setInterval(() => { loadRules().then(() => refreshDashboard()); refreshAlerts(); }, REFRESH_EVERY_MS);
    state.tickTimer = setInterval(tick, 1000);
    tick();
}

function stopLive() {
    state.running = false;
    const feed = state.feed;
    state.feed = null;
    if (feed) {
        // LiveFeed has no stop: silence it and keep it from reconnecting (it listens for 'online' and visibility).
        Object.assign(feed, { connect() {}, onEvent() {}, onResync() {}, onStatus() {} });
        clearTimeout(feed.timer);
        feed.source?.close();
        feed.source = null;
    }
    clearTimeout(state.dashboardTimer);
    state.dashboardTimer = 0;
    for (const t of ['everyTimer', 'tickTimer']) { clearInterval(state[t]); state[t] = 0; }
}

// ---------- live events ----------
function setLive(s) {
    const el = $('live');
    el.dataset.state = s;
    const text = { online: ['实时', 'Live'], connecting: ['连接中', 'Connecting'], offline: ['重新连接中', 'Reconnecting'] }[s];
    if (text) el.querySelector('.live-text').innerHTML = bi(...text);
}

function onEvent(e) {
    if (!state.running) return;
    if (HALL_EVENTS.has(e.kind)) return scheduleDashboard();
    if (!e.kind.startsWith('alert.')) return;
    // The public stream carries only the alert's id and level: its words come from GET /api/alerts.
    const ring = e.kind === 'alert.raised' || e.kind === 'alert.escalated';
    refreshAlerts(ring ? { ringFor: Number(e.details?.alert) } : {});
    if (e.kind === 'alert.raised' || e.kind === 'alert.closed') scheduleDashboard();
}

/** Fetches the dashboard at most every 2 s however many events arrive. */
function scheduleDashboard() {
    if (state.dashboardTimer) return;
    const wait = Math.max(0, state.lastDashboardAt + REFRESH_MIN_GAP_MS - Date.now());
    state.dashboardTimer = setTimeout(() => { state.dashboardTimer = 0; refreshDashboard(); }, wait);
}

async function refreshDashboard(force = false) {
    if (state.dashboardInFlight && !force) return state.dashboardInFlight;
    state.lastDashboardAt = Date.now();
    const run = (async () => {
        try {
            const d = await call('GET', '/api/dashboard');
            if (!state.running) return;
            serverClock.learn(d.at);
            state.dash = d;
            renderDashboard();
        } catch (e) {
            if (e.status !== 401) toast('看板刷新失败', `Dashboard refresh failed: ${e.message}`, true);
        }
    })();
    state.dashboardInFlight = run;
    try { await run; } finally { if (state.dashboardInFlight === run) state.dashboardInFlight = null; }
}

async function refreshAlerts({ ringFor } = {}) {
    try {
        const [reply, closed] = await Promise.all([call('GET', '/api/alerts'), call('GET', '/api/alerts?state=closed')]);
        state.alerts = reply.alerts;
        state.closedAlerts = closed.alerts;
        state.deadLetters = reply.deadLetters;
        const first = !state.alertsLoaded;
        state.alertsLoaded = true;
        for (const a of state.alerts) {
            const key = `${a.id}:${a.level}`;
            if (state.rang.has(key)) continue;
            state.rang.add(key);
            // Alarm for what arrives live (or while the stream was down), not for what was already open at sign-in.
            if ((!first && a.state === 'open') || a.id === ringFor) ring(a);
        }
        renderAlerts();
    } catch (e) {
        if (e.status !== 401) toast('告警刷新失败', `Alerts refresh failed: ${e.message}`, true);
    }
}

async function loadRules() {
    try { state.rules = await call('GET', '/api/alert-rules'); } catch { /* keep the last rules known */ }
}

// ---------- alarm: sound and system notification ----------
function unlockAudio() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!state.audio) state.audio = new Ctx();
    if (state.audio.state === 'suspended') state.audio.resume().catch(() => {});
}

function askNotificationPermission() {
    if ('Notification' in window && Notification.permission === 'default') {
        Notification.requestPermission().then(renderAlarmButton, renderAlarmButton);
    }
}

function onAlarmButton() {
    unlockAudio();
    const perm = 'Notification' in window ? Notification.permission : 'unsupported';
    if (perm === 'default') {
        state.sound = true;
        askNotificationPermission();
    } else {
        state.sound = !state.sound;
    }
    localStorage.setItem(SOUND_KEY, state.sound ? 'on' : 'off');
    if (state.sound) chime(1);
    renderAlarmButton();
}

function renderAlarmButton() {
    const btn = $('btn-alarm');
    const perm = 'Notification' in window ? Notification.permission : 'unsupported';
    let s;
    let text;
    if (!state.sound) { s = 'muted'; text = ['提醒已静音', 'Sound off']; }
    else if (perm === 'granted') { s = 'on'; text = ['提醒已开启', 'Alerts on']; }
    else if (perm === 'default') { s = 'off'; text = ['开启提醒', 'Enable alerts']; }
    else { s = 'sound'; text = ['仅声音提醒', 'Sound only']; }
    btn.dataset.state = s;
    btn.title = perm === 'denied' ? '浏览器已拒绝通知 · Notifications are blocked in this browser' : '';
    btn.querySelector('.alarm-text').innerHTML = bi(...text);
}

/** Two-tone pulses; escalated alerts (level 2) ring higher and longer. */
function chime(level) {
    const ctx = state.audio;
    if (!ctx || ctx.state !== 'running') return;
    const pulses = level >= 2 ? 5 : 3;
    const [hi, lo] = level >= 2 ? [1175, 880] : [880, 660];
    const t0 = ctx.currentTime + 0.02;
    const gain = ctx.createGain();
    gain.gain.value = 0.0001;
    gain.connect(ctx.destination);
    for (let i = 0; i < pulses * 2; i++) {
        const t = t0 + i * 0.18;
        const osc = ctx.createOscillator();
        osc.type = 'triangle';
        osc.frequency.value = i % 2 ? lo : hi;
        osc.connect(gain);
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.35, t + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.16);
        osc.start(t);
        osc.stop(t + 0.17);
    }
}

function ring(alert) {
    if (state.sound) chime(alert.level);
    const panel = $('alerts-panel');
    panel.classList.remove('ringing');
    void panel.offsetWidth;
    panel.classList.add('ringing');
    clearTimeout(state.ringTimer);
    state.ringTimer = setTimeout(() => panel.classList.remove('ringing'), 4000);
    if (state.sound && 'Notification' in window && Notification.permission === 'granted') {
        try {
            const title = alert.level >= 2 ? `已升级告警 Escalated alert · ${kindName(alert.kind)[0]}` : `告警 Alert · ${kindName(alert.kind)[0]}`;
            const n = new Notification(title, { body: `${alert.message}\n${alert.messageEn}`, tag: `hallq-alert-${alert.id}`, requireInteraction: alert.level >= 2 });
            n.onclick = () => { window.focus(); n.close(); };
        } catch { /* some browsers only allow notifications from a service worker; the sound and the panel still alert */ }
    }
}

// ---------- alerts ----------
const kindName = (kind) => KIND_NAMES[kind] || [kind, kind];

function renderAlerts() {
    const list = [...state.alerts].sort((a, b) => (a.state === 'open') - (b.state === 'open') || a.level - b.level || a.raisedAt.localeCompare(b.raisedAt)).reverse();
    const unacked = list.filter((a) => a.state === 'open').length;
    const badge = $('alert-count');
    badge.hidden = list.length === 0;
    badge.textContent = String(list.length);
    badge.classList.toggle('hot', unacked > 0);
    document.title = (unacked ? `(${unacked}) ` : '') + '管理看板 Manager dashboard · HallQ';
    $('alerts').innerHTML = list.length ? list.map(alertCard).join('') :
        `<div class="empty ok-empty"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/></svg>${bi('暂无告警，一切正常', 'No open alerts')}</div>`;
    $('alerts-panel').classList.toggle('hot', unacked > 0);
    const today = state.dash?.day;
    const closed = state.closedAlerts.filter((a) => !today || hallDay(a.closedAt) === today)
        .sort((a, b) => b.closedAt.localeCompare(a.closedAt));
    $('closed-count').textContent = closed.length ? String(closed.length) : '';
    $('closed').innerHTML = closed.length ? closed.slice(0, 12).map(closedRow).join('') : `<div class="empty small">${bi('无', 'None')}</div>`;
    const dead = state.deadLetters;
    $('dead-count').textContent = dead.length ? String(dead.length) : '';
    $('dead').innerHTML = dead.length ? dead.map(deadCard).join('') : `<div class="empty small">${bi('无', 'None')}</div>`;
}

function alertCard(a) {
    const [zh, en] = kindName(a.kind);
    const level = a.level >= 2 ? `<span class="level l2">${bi('二级 · 已升级主任', 'Level 2 · director')}</span>` :
        `<span class="level l1">${bi('一级 · 值班主任', 'Level 1 · duty director')}</span>`;
    const acked = a.state === 'acknowledged';
    const foot = acked ?
        `<span class="acked">${bi('已确认', 'Acknowledged')} · ${esc(a.acknowledgedBy ?? '')} ${esc(hallTime(a.acknowledgedAt))}</span>` :
        `<button type="button" class="ack" data-ack="${a.id}">${bi('确认处理', 'Acknowledge')}</button>`;
    return `<article class="alert kind-${esc(a.kind)} ${acked ? 'is-acked' : 'is-open'} lvl-${a.level}" data-alert="${a.id}">
        <header><span class="kind">${bi(zh, en)}</span>${level}</header>
        <p class="msg">${esc(a.message)}</p>
        <p class="msg-en">${esc(a.messageEn)}</p>
        <footer><span class="meta">${bi('发生', 'Raised')} ${esc(hallTime(a.raisedAt))} · <span data-since="${esc(a.raisedAt)}" data-fmt="dur"></span>
          · ${bi('已通知', 'Sent')} ${a.notifications}×</span>${foot}</footer>
    </article>`;
}

function closedRow(a) {
    const [zh, en] = kindName(a.kind);
    const who = a.acknowledgedBy ? bi(`${a.acknowledgedBy} 确认`, 'acknowledged') : bi('自动解除', 'cleared');
    return `<div class="closed-row lvl-${a.level}" title="${esc(a.messageEn)}"><span class="when">${esc(hallTime(a.raisedAt))}–${esc(hallTime(a.closedAt))}</span>
        <span class="what"><b>${esc(zh)}</b> ${esc(a.message)}</span><span class="who">${who}</span></div>`;
}

function deadCard(d) {
    return `<div class="dead-row"><span class="chan">${esc(d.channel)}</span><span class="target" title="${esc(d.target)}">${esc(d.target)}</span>
        <span class="tries">${d.attempts}×</span><span class="when">${esc(hallTime(d.createdAt))}</span>
        <span class="err" title="${esc(d.lastError)}">#${d.alertId} · ${esc(d.lastError || '—')}</span></div>`;
}

async function onAlertsClick(ev) {
    const btn = ev.target.closest('button[data-ack]');
    if (!btn) return;
    const id = Number(btn.dataset.ack);
    btn.disabled = true;
    try {
        const updated = await call('POST', `/api/alerts/${id}/ack`);
        state.alerts = state.alerts.map((a) => (a.id === id ? updated : a));
        renderAlerts();
        toast('已确认告警', `Alert #${id} acknowledged`);
    } catch (e) {
        if (e.status === 409) toast('该告警已解除', 'That alert has already cleared');
        else if (e.status !== 401) toast('确认失败', e.message, true);
        refreshAlerts();
    }
}

// ---------- dashboard ----------
function renderDashboard() {
    renderKPIs();
    renderServices();
    renderWindows();
    renderTimeline();
    tick();
}

function kpi(cls, zh, en, valueHTML, subHTML = '', extra = '') {
    return `<div class="kpi ${cls}" ${extra}><span class="kpi-label">${bi(zh, en)}</span><span class="kpi-value">${valueHTML}</span>
        <span class="kpi-sub">${subHTML}</span></div>`;
}

function renderKPIs() {
    const d = state.dash;
    const t = d.totals;
    const open = d.windows.filter((w) => w.status === 'open').length;
    const perWindow = open ? t.waiting / open : null;
    const limit = state.rules?.maxWaitingPerOpenWindow;
    const loadCls = perWindow != null && limit && perWindow > limit ? 'bad' : (open === 0 && t.waiting > 0 ? 'bad' : '');
    const withinCls = t.withinTargetShare == null ? '' : t.withinTargetShare >= 0.9 ? 'good' : t.withinTargetShare >= 0.75 ? 'warn' : 'bad';
    const noShowCls = t.noShowRate == null ? '' : t.noShowRate > 0.1 ? 'bad' : t.noShowRate > 0.05 ? 'warn' : '';
    const ratingCls = t.meanRating == null ? '' : t.meanRating >= 4.5 ? 'good' : t.meanRating >= 4 ? '' : 'warn';
    $('kpis').innerHTML = [
        kpi('', '今日取号', 'Issued', `<b>${num(t.issued)}</b>`, bi(`已取消 ${t.cancelled}`, 'cancelled')),
        kpi('', '已办结', 'Served', `<b>${num(t.served)}</b>`, bi(`过号 ${t.noShows}`, 'no-shows')),
        kpi(`waiting ${loadCls}`, '正在等候', 'Waiting now', `<b>${num(t.waiting)}</b>`,
            bi(`每开放窗口 ${perWindow == null ? '—' : perWindow.toFixed(1)}${limit ? ` / ${limit}` : ''}`, 'per open window')),
        kpi(noShowCls, '过号率', 'No-show rate', pct(t.noShowRate), bi(`${t.noShows} 人未到`, 'absent when called')),
        kpi(`within ${withinCls}`, '目标时间内叫号', 'Called within target', pct(t.withinTargetShare),
            bi(`目标 ≤ ${d.targetWaitMinutes} 分钟`, `target ≤ ${d.targetWaitMinutes} min`)),
        kpi('', '平均等候', 'Mean wait', durHTML(t.meanWaitSeconds), bi('今日已叫号', 'of today’s calls')),
        kpi(`rating ${ratingCls}`, '满意度', 'Satisfaction', t.meanRating == null ? '<b>—</b>' : `<b>${t.meanRating.toFixed(2)}</b><i>/ 5</i>`,
            `${bi(`${t.ratings} 条评价`, 'ratings')}${t.dissatisfied ? ` · <span class="bad-text">${bi(`不满意 ${t.dissatisfied}`, 'dissatisfied')}</span>` : ''}`),
    ].join('');
}

function renderServices() {
    const d = state.dash;
    const maxWaiting = state.rules?.maxWaitingPerService;
    const maxWaitS = state.rules ? state.rules.maxWaitMinutes * 60 : null;
    const target = d.targetWaitMinutes * 60;
    const scale = Math.max(maxWaiting || 0, ...d.services.map((s) => s.waiting), 1);
    $('services').innerHTML = d.services.map((s) => {
        const over = maxWaiting && s.waiting > maxWaiting;
        const longCls = s.longestWaitSeconds != null && maxWaitS && s.longestWaitSeconds > maxWaitS ? 'bad' :
            s.longestWaitSeconds != null && s.longestWaitSeconds > target ? 'warn' : '';
        const est = s.estimatedWaitSeconds;
        const estCls = est == null ? (s.waiting > 0 ? 'bad' : 'muted') : est > target ? 'warn' : 'good';
        const fill = Math.min(100, (s.waiting / scale) * 100);
        const mark = maxWaiting ? Math.min(100, (maxWaiting / scale) * 100) : null;
        const estimate = est == null ? (s.waiting > 0 || !hasOpenWindowFor(s.service) ? bi('无窗口', 'no window') : '—') : durHTML(est);
        return `<div class="svc ${over ? 'over' : ''}" data-service="${esc(s.service)}">
            <div class="svc-head"><span class="svc-code">${esc(s.service)}</span>
              <span class="svc-name"><b>${esc(s.nameZh)}</b><small>${esc(s.nameEn)}</small></span>
              <span class="svc-waiting" data-waiting="${s.waiting}"><b>${s.waiting}</b><i>${bi('人等候', 'waiting')}</i></span></div>
            <div class="bar" title="${maxWaiting ? `告警线 ${maxWaiting} 人 · alert above ${maxWaiting}` : ''}"><span style="width:${fill}%"></span>${mark == null ? '' : `<i style="left:${mark}%"></i>`}</div>
            <div class="svc-facts">
              <span class="fact ${longCls}"><em>${bi('最长等候', 'Longest')}</em><span ${s.longestWaitSeconds == null ? '' : `data-base="${s.longestWaitSeconds}" data-fmt="dur"`}>${durHTML(s.longestWaitSeconds)}</span></span>
              <span class="fact ${estCls}"><em>${bi('新号预计', 'New ticket')}</em><span>${estimate}</span></span>
            </div>
            <div class="mini-stats">
              <span><em>${bi('取号', 'Issued')}</em><b>${s.issued}</b></span>
              <span><em>${bi('办结', 'Served')}</em><b>${s.served}</b></span>
              <span><em>${bi('均等', 'Mean wait')}</em><b class="v">${durHTML(s.meanWaitSeconds)}</b></span>
            </div>
        </div>`;
    }).join('');
    $('services-note').innerHTML = maxWaiting ? bi(`告警线 ${maxWaiting} 人`, `alert above ${maxWaiting}`) : '';
}

const hasOpenWindowFor = (code) => state.dash.windows.some((w) => w.status === 'open' && (w.services || []).includes(code));

function windowStatus(w) {
    if (w.status === 'closed') return ['closed', '关闭', 'Closed'];
    if (w.status === 'paused') return ['paused', '暂停', 'Paused'];
    if (!w.ticket) return ['idle', '空闲', 'Idle'];
    if (w.ticket.status === 'called') return ['calling', '呼叫中', 'Calling'];
    return ['serving', '办理中', 'Serving'];
}

function renderWindows() {
    const d = state.dash;
    const counts = { open: 0, paused: 0, closed: 0 };
    for (const w of d.windows) counts[w.status] = (counts[w.status] || 0) + 1;
    $('windows-note').innerHTML = `${bi(`开放 ${counts.open}`, 'open')} · ${bi(`暂停 ${counts.paused}`, 'paused')} · ${bi(`关闭 ${counts.closed}`, 'closed')}`;
    const maxPause = state.rules ? state.rules.maxPauseMinutes * 60 : null;
    $('windows').innerHTML = d.windows.map((w) => {
        const [cls, zh, en] = windowStatus(w);
        let current = '';
        if (w.ticket) {
            const since = w.ticket.status === 'called' ? w.ticket.calledAt : (w.ticket.startedAt || w.ticket.calledAt);
            current = `<span class="win-ticket">${esc(w.ticket.number)}</span><span class="win-timer" data-since="${esc(since)}" data-fmt="clock"></span>`;
        } else if (w.status === 'paused') {
            const long = maxPause && secondsSince(w.since) > maxPause;
            current = `<span class="win-reason">${esc(w.pauseReason || '暂停 Paused')}</span><span class="win-timer ${long ? 'bad' : ''}" data-since="${esc(w.since)}" data-fmt="clock"></span>`;
        } else if (w.status === 'open') {
            current = `<span class="win-idle">${bi('等待叫号', 'ready to call')}</span>`;
        } else {
            current = `<span class="win-idle">—</span>`;
        }
        const rating = w.meanRating == null ? '—' : `${w.meanRating.toFixed(1)}<i>★</i>`;
        const ratingCls = w.meanRating == null ? '' : w.meanRating < 3.5 ? 'bad' : w.meanRating < 4.2 ? 'warn' : 'good';
        return `<div class="win st-${cls}" data-window="${w.number}">
            <div class="win-head"><span class="win-no">${w.number}</span>
              <span class="win-name ${w.officer ? '' : 'no-officer'}">${esc(w.officer || w.nameZh)}<small>${(w.services || []).map(esc).join(' · ')}</small></span>
              <span class="pill ${cls}">${bi(zh, en)}</span></div>
            <div class="win-now">${current}</div>
            <div class="mini-stats">
              <span><em>${bi('已办', 'Served')}</em><b>${w.served}</b></span>
              <span><em>${bi('均时', 'Avg')}</em><b class="v">${durHTML(w.meanServiceSeconds)}</b></span>
              <span class="${ratingCls}"><em>${bi('满意', 'Rating')}</em><b>${rating}</b><small class="n">${w.ratings ? `(${w.ratings})` : ''}</small></span>
            </div>
        </div>`;
    }).join('');
}

function renderTimeline() {
    const d = state.dash;
    const box = $('timeline');
    const hours = d.timeline || [];
    const W = Math.max(320, box.clientWidth || 800);
    const H = Math.max(160, box.clientHeight || 220);
    if (!hours.length) { box.innerHTML = `<div class="empty">${bi('今日尚无数据', 'Nothing yet today')}</div>`; return; }
    const m = { l: 40, r: 48, t: 14, b: 26 };
    const cw = W - m.l - m.r;
    const ch = H - m.t - m.b;
    const maxCount = niceStep(Math.max(4, ...hours.map((h) => Math.max(h.issued, h.served))) / 4) * 4;
    const waitsMin = hours.map((h) => (h.meanWaitSeconds == null ? null : h.meanWaitSeconds / 60));
    const maxWait = niceStep(Math.max(d.targetWaitMinutes * 1.2, ...waitsMin.filter((x) => x != null), 4) / 4) * 4;
    const band = cw / hours.length;
    const barW = Math.min(28, band * 0.32);
    const y = (v) => m.t + ch - (v / maxCount) * ch;
    const yw = (v) => m.t + ch - (v / maxWait) * ch;
    const currentHour = Number(hallTime(new Date(now()).toISOString()).slice(0, 2));
    const parts = [];
    for (let i = 0; i <= 4; i++) {
        const v = (maxCount / 4) * i;
        const yy = y(v);
        parts.push(`<line class="grid" x1="${m.l}" x2="${W - m.r}" y1="${yy}" y2="${yy}"/>`);
        parts.push(`<text class="ax" x="${m.l - 6}" y="${yy + 4}" text-anchor="end">${Math.round(v)}</text>`);
        parts.push(`<text class="ax ax-wait" x="${W - m.r + 6}" y="${yy + 4}">${Math.round((maxWait / 4) * i)}′</text>`);
    }
    hours.forEach((h, i) => {
        const x0 = m.l + i * band;
        const cx = x0 + band / 2;
        if (h.hour === currentHour) parts.push(`<rect class="now-band" x="${x0}" y="${m.t}" width="${band}" height="${ch}"/>`);
        const tip = `${h.hour}:00–${h.hour + 1}:00 · 取号 Issued ${h.issued} · 办结 Served ${h.served} · 平均等候 Mean wait ${h.meanWaitSeconds == null ? '—' : durText(h.meanWaitSeconds)}`;
        parts.push(`<g class="hour"><title>${esc(tip)}</title>
            <rect class="hit" x="${x0}" y="${m.t}" width="${band}" height="${ch}"/>
            <rect class="b-issued" x="${cx - barW - 1}" y="${y(h.issued)}" width="${barW}" height="${Math.max(0, m.t + ch - y(h.issued))}" rx="2"/>
            <rect class="b-served" x="${cx + 1}" y="${y(h.served)}" width="${barW}" height="${Math.max(0, m.t + ch - y(h.served))}" rx="2"/>
            ${h.issued ? `<text class="val" x="${cx - barW / 2 - 1}" y="${y(h.issued) - 4}" text-anchor="middle">${h.issued}</text>` : ''}
          </g>`);
        parts.push(`<text class="ax" x="${cx}" y="${H - 8}" text-anchor="middle">${String(h.hour).padStart(2, '0')}:00</text>`);
    });
    const tY = yw(d.targetWaitMinutes);
    parts.push(`<line class="target" x1="${m.l}" x2="${W - m.r}" y1="${tY}" y2="${tY}"/>`);
    let path = '';
    const dots = [];
    waitsMin.forEach((v, i) => {
        if (v == null) return;
        const px = m.l + i * band + band / 2;
        const py = yw(v);
        path += `${path && waitsMin[i - 1] != null ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
        dots.push(`<circle class="wait-dot ${v > d.targetWaitMinutes ? 'over' : ''}" cx="${px}" cy="${py}" r="3.5"/>`);
    });
    if (path) parts.push(`<path class="wait-line" d="${path}"/>`);
    parts.push(...dots);
    parts.push(`<line class="axis" x1="${m.l}" x2="${W - m.r}" y1="${m.t + ch}" y2="${m.t + ch}"/>`);
    box.innerHTML = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="今日分时取号、办结与平均等候 Issued, served and mean wait by hour">${parts.join('')}</svg>`;
}

/** The smallest of 1, 2, 2.5, 5, 10, 20, 25, 50… at or above v, so axis ticks are round numbers. */
function niceStep(v) {
    const p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
    for (const s of [1, 2, 2.5, 5, 10]) if (s * p >= v) return s * p;
    return 10 * p;
}

// ---------- every second ----------
function tick() {
    if (state.hall) {
        const n = new Date(now());
        const date = fmt('date', { month: 'long', day: 'numeric', weekday: 'short' }).format(n);
        $('clock').innerHTML = `<span>${esc(date)}</span><b>${esc(hallTime(n.toISOString(), true))}</b>`;
    }
    const elapsed = state.dash ? (now() - Date.parse(state.dash.at)) / 1000 : 0;
    for (const el of document.querySelectorAll('[data-base]')) el.innerHTML = durHTML(Number(el.dataset.base) + elapsed);
    for (const el of document.querySelectorAll('[data-since]')) {
        const s = secondsSince(el.dataset.since);
        el.textContent = el.dataset.fmt === 'clock' ? clockText(s) : durText(s);
    }
}

// ---------- alert rules editor ----------
async function openRules() {
    const form = $('rules-form');
    clearRuleErrors();
    try {
        state.rules = await call('GET', '/api/alert-rules');
    } catch (e) {
        if (e.status !== 401) toast('无法读取告警规则', e.message, true);
        return;
    }
    for (const f of RULE_FIELDS) form.elements[f].value = String(state.rules[f]);
    $('rules-dialog').showModal();
    form.elements[RULE_FIELDS[0]].focus();
}

function clearRuleErrors() {
    $('rules-error').textContent = '';
    for (const l of document.querySelectorAll('#rules-form label[data-field]')) {
        l.classList.remove('invalid');
        l.querySelector('.field-error').textContent = '';
    }
}

async function saveRules(ev) {
    ev.preventDefault();
    clearRuleErrors();
    const form = $('rules-form');
    const body = {};
    for (const f of RULE_FIELDS) {
        const raw = form.elements[f].value.trim();
        body[f] = raw === '' ? null : Number(raw);
    }
    $('rules-save').disabled = true;
    try {
        state.rules = await call('PUT', '/api/alert-rules', body);
        $('rules-dialog').close();
        toast('告警规则已保存', 'Alert rules saved');
        if (state.dash) renderDashboard();
    } catch (e) {
        if (e.status === 401) return;
        const field = RULE_FIELDS.find((f) => e.message.includes(f));
        const label = field && document.querySelector(`#rules-form label[data-field="${field}"]`);
        if (label) {
            label.classList.add('invalid');
            label.querySelector('.field-error').textContent = e.message;
            form.elements[field].focus();
        }
        $('rules-error').innerHTML = label ? bi('请更正标出的项。', 'Please correct the marked field.') :
            `${bi('服务器拒绝了这些规则：', 'The server refused these rules:')} ${esc(e.message)}`;
    } finally {
        $('rules-save').disabled = false;
    }
}

// ---------- toast ----------
let toastTimer = 0;
function toast(zh, en, bad = false) {
    const el = $('toast');
    el.innerHTML = bi(zh, en);
    el.classList.toggle('bad', bad);
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, 3500);
}

start();
