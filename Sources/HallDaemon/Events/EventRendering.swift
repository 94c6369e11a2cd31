import Foundation
import HTTPServer
import HallCore
import HallStore

/// How a committed change looks on the live-event stream.
enum EventRendering {
    /// The SSE message for a journal row: `id:` the sequence, `event:` the kind, `data:` the change as JSON.
    static func render(_ e: JournaledHallEvent, hall: Hall, estimator: WaitEstimatorService, store: HallStore) -> ServerSentEvent {
        let j = e.journal
        let (ticket, window): (TicketView?, WindowStateView?) = {
            let t = e.event?.ticket ?? j.ticketID.flatMap { hall.ticket($0) ?? (try? store.ticket($0)) }
            let ticketView = t.map { t in
                let live = hall.ticket(t.id)
                let position = live.flatMap { hall.position(of: $0.id) }
                return TicketView(t, position: position, estimate: live.flatMap { estimator.estimate(for: $0, position: position, in: hall) })
            }
            let number = e.event?.window?.number ?? j.window
            let windowView: WindowStateView? = number.flatMap { n in
                guard let config = hall.config.window(n) else { return nil }
                let state = e.event?.window ?? hall.windows[n] ?? WindowState(number: n)
                return WindowStateView(
                    number: n, status: state.status.rawValue, officer: state.officer,
                    ticket: state.ticket.flatMap { hall.ticket($0) }.map { TicketView($0) }, pausedAt: iso(state.pausedAt),
                    pauseReason: state.pauseReason, since: iso(state.since), services: config.services)
            }
            return (ticketView, windowView)
        }()
        let view = EventView(seq: j.seq, kind: j.kind, at: iso(j.at)!, ticket: ticket, window: window, details: publicDetails(j))
        let data = String(decoding: view.jsonBytes, as: UTF8.self)
        return ServerSentEvent(id: String(j.seq), event: j.kind, data: data)
    }

    /// The stream is public: alert texts and rating reasons stay behind the managers' login (`GET /api/alerts`).
    static func publicDetails(_ j: JournaledEvent) -> [String: String] {
        if j.kind.hasPrefix("alert.") { return j.details.filter { ["alert", "kind", "level", "state"].contains($0.key) } }
        if j.kind == HallEventKind.ratingGiven.rawValue { return j.details.filter { $0.key != "reason" } }
        // Which member of staff gave a priority ticket or cancelled one is for the journal, not for every phone; so is
        // which booking a ticket came from (the stream says only that a slot of a day was booked, cancelled, used).
        if j.kind.hasPrefix("appointment.") { return j.details.filter { $0.key == "day" || $0.key == "slot" } }
        return j.details.filter { !["staff", "manager", "appointment"].contains($0.key) }
    }
}
