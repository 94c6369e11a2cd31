import Foundation

/// The hall's waiting lines seen through cursors, for playing the hall forward without copying it: what the playout
/// has called is behind the cursors, and the lines themselves (the ticket table's ordered lines) are shared, never
/// changed. A fork of a playout copies only the cursors.
struct PlayoutLines: WaitingLines {
    /// The services with a line, in the order of the arrays below (a handful: found by comparing, not hashing).
    private let services: [String]
    private let priority: [OrderedLine]
    private let normal: [OrderedLine]
    private let pinned: [Int: OrderedLine]
    private var priorityTaken: [Int]
    private var normalTaken: [Int]
    private var pinnedTaken: [Int: Int] = [:]
    /// A ticket not in the table that stands first among its service's normal tickets (a newcomer, in a fork).
    var newcomer: LineKey?

    init(_ table: TicketTable) {
        let services = Set(table.priorityLines.keys).union(table.normalLines.keys).sorted()
        self.services = services
        priority = services.map { table.priorityLines[$0] ?? OrderedLine() }
        normal = services.map { table.normalLines[$0] ?? OrderedLine() }
        pinned = table.pinnedLines
        priorityTaken = Array(repeating: 0, count: services.count)
        normalTaken = priorityTaken
    }

    func pinnedHead(window: Int) -> LineKey? {
        guard !pinned.isEmpty, let line = pinned[window] else { return nil }
        let taken = pinnedTaken[window, default: 0]
        return taken < line.count ? line[taken] : nil
    }

    func firstPriority(in service: String) -> LineKey? {
        guard let s = slot(service), priorityTaken[s] < priority[s].count else { return nil }
        return priority[s][priorityTaken[s]]
    }

    func firstNormal(in service: String) -> LineKey? {
        if let newcomer, newcomer.service == service { return newcomer }
        guard let s = slot(service), normalTaken[s] < normal[s].count else { return nil }
        return normal[s][normalTaken[s]]
    }

    /// Moves past `key`, a head just called, and gives its place in line when the playout began (1 = next;
    /// 0 for the newcomer, who was not there).
    mutating func take(_ key: LineKey) -> Int {
        if let w = key.pinnedWindow {
            pinnedTaken[w, default: 0] += 1
            return pinnedTaken[w]!
        }
        if key == newcomer {
            newcomer = nil
            return 0
        }
        guard let s = slot(key.service) else { return 0 }
        if key.isPriority {
            priorityTaken[s] += 1
            return priorityTaken[s]
        }
        normalTaken[s] += 1
        return priority[s].count + normalTaken[s]
    }

    private func slot(_ service: String) -> Int? { services.firstIndex(of: service) }

    /// How many of `service`'s normal tickets have been called.
    func normalCalled(in service: String) -> Int { slot(service).map { normalTaken[$0] } ?? 0 }
}
