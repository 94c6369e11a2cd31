// The managers' dashboard: the alerts panel (open and acknowledged alerts, those cleared today, dead-lettered
// notifications) kept from GET /api/alerts, and acknowledging with a click.
import { esc } from '/assets/hallq.js';
import { $, state, bi, call, hallTime, hallDay, kindName, toast } from '/assets/manager-shared.js';
import { ring } from '/assets/manager-alarm.js';

export async function refreshAlerts({ ringFor } = {}) {
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
        ${a.details?.reason ? `<p class="reason">${bi('评价原因', 'Reason given')}：${esc(a.details.reason)}</p>` : ''}
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

export async function onAlertsClick(ev) {
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
