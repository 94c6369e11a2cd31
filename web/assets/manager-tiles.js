// The managers' dashboard: today's totals, the service and window tiles, and the every-second clocks and timers.
import { esc, clockText } from '/assets/hallq.js';
import { $, state, bi, now, secondsSince, pct, num, durHTML, durText, fmt, hallTime } from '/assets/manager-shared.js';
import { renderTimeline } from '/assets/manager-timeline.js';

export function renderDashboard() {
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
            <div class="bar" title="${maxWaiting ? `告警线 ${maxWaiting} 人 · alert above ${maxWaiting}` : ''}"><span data-fill="${fill}"></span>${mark == null ? '' : `<i data-mark="${mark}"></i>`}</div>
            <div class="svc-facts">
              <span class="fact ${longCls}"><em>${bi('最长等候', 'Longest')}</em><span ${s.longestWaitSeconds == null ? '' : `data-base="${s.longestWaitSeconds}" data-fmt="dur"`}>${durHTML(s.longestWaitSeconds)}</span></span>
              <span class="fact ${estCls}"><em>${bi('新号预计', 'New ticket')}</em><span>${estimate}</span></span>
            </div>
            <div class="mini-stats">
              <span><em>${bi('取号', 'Issued')}</em><b>${s.issued}</b></span>
              <span><em>${bi('办结', 'Served')}</em><b>${s.served}</b></span>
              <span><em>${bi('均等', 'Mean wait')}</em><b class="v">${durHTML(s.meanWaitSeconds)}</b></span>
            </div>
            ${s.waiting > 0 ? `<button type="button" class="ghost svc-cancel" data-cancel-line="${esc(s.service)}">${bi('取消等候…', 'Cancel waiting…')}</button>` : ''}
        </div>`;
    }).join('');
    // Set through the CSSOM: the page's Content-Security-Policy refuses style="" attributes in markup.
    for (const el of $('services').querySelectorAll('[data-fill]')) el.style.width = `${el.dataset.fill}%`;
    for (const el of $('services').querySelectorAll('[data-mark]')) el.style.left = `${el.dataset.mark}%`;
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
              <span class="win-name ${w.officer ? '' : 'no-officer'}">${esc(w.officerName || w.officer || w.nameZh)}<small>${(w.services || []).map(esc).join(' · ')}</small></span>
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

// ---------- every second ----------
export function tick() {
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
