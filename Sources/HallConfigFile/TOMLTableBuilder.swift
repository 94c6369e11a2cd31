/// A key as written: its name and where it starts.
struct TOMLKeyPart {
    var name: String
    var line: Int
    var column: Int
}

/// Where a key and its value sit in the text.
struct TOMLSpan {
    var line: Int
    var column: Int
    var endLine: Int
    var endColumn: Int
}

/// A table under construction, enforcing TOML 1.0's rules on how tables may be defined and extended.
final class TOMLTableBuilder {
    /// How a table came to exist, which decides how it may be extended later.
    enum Origin {
        /// The document's root.
        case root
        /// Named on the way to a deeper header, e.g. `a` by `[a.b]`; a later `[a]` may still define it.
        case implicit
        /// Defined by its own `[header]` or `[[header]]`.
        case header
        /// Made by a dotted key such as `a.b = 1`; more dotted keys in the same block may add to it.
        case dotted
        /// Written as `{ … }`; complete as written.
        case inline
    }

    enum Slot {
        case value(TOMLValue, TOMLSpan)
        case table(TOMLTableBuilder, TOMLSpan)
        case arrayOfTables([TOMLTableBuilder], TOMLSpan)

        var span: TOMLSpan {
            switch self {
            case .value(_, let span), .table(_, let span), .arrayOfTables(_, let span): span
            }
        }
    }

    var origin: Origin
    var line: Int
    let path: [String]
    private var order: [String] = []
    private var slots: [String: Slot] = [:]

    init(origin: Origin, line: Int, path: [String]) {
        self.origin = origin
        self.line = line
        self.path = path
    }

    private func set(_ name: String, _ slot: Slot) {
        if slots[name] == nil { order.append(name) }
        slots[name] = slot
    }

    private func dotted(_ names: [String]) -> String {
        names.map { name in name.unicodeScalars.allSatisfy(TOMLScanner.isBareKeyScalar) && !name.isEmpty ? name : TOMLValue.quoted(name) }
            .joined(separator: ".")
    }

    private func fail(_ key: TOMLKeyPart, _ message: String) -> TOMLError {
        TOMLError(line: key.line, column: key.column, message: message)
    }

    /// Adds `keys = value` to this table, making tables for the dotted keys' prefixes.
    func insert(keys: [TOMLKeyPart], value: TOMLValue, span: TOMLSpan) throws(TOMLError) {
        var table = self
        for key in keys.dropLast() {
            let path = table.path + [key.name]
            switch table.slots[key.name] {
            case nil:
                let child = TOMLTableBuilder(origin: .dotted, line: key.line, path: path)
                table.set(key.name, .table(child, TOMLSpan(line: key.line, column: key.column, endLine: key.line, endColumn: key.column)))
                table = child
            case .table(let child, _) where child.origin == .dotted:
                table = child
            case .table(let child, _):
                throw fail(key, "cannot add to table [\(dotted(path))] with a dotted key: it was defined on line \(child.line)")
            case .arrayOfTables(_, let span), .value(_, let span):
                throw fail(key, "\(dotted(path)) already has a value (line \(span.line)) and is not a table that dotted keys can add to")
            }
        }
        let last = keys.last!
        if let existing = table.slots[last.name] {
            throw fail(last, "duplicate key \(dotted(table.path + [last.name])) (first written on line \(existing.span.line))")
        }
        table.set(last.name, .value(value, span))
    }

    /// Finds or makes the table a `[header]` (or `[[header]]` when `appending`) names, from the root.
    func open(header keys: [TOMLKeyPart], appending: Bool) throws(TOMLError) -> TOMLTableBuilder {
        var table = self
        for key in keys.dropLast() {
            let path = table.path + [key.name]
            switch table.slots[key.name] {
            case nil:
                let child = TOMLTableBuilder(origin: .implicit, line: key.line, path: path)
                table.set(key.name, .table(child, TOMLSpan(line: key.line, column: key.column, endLine: key.line, endColumn: key.column)))
                table = child
            case .table(let child, _):
                table = child
            case .arrayOfTables(let elements, _):
                table = elements.last!
            case .value(_, let span):
                throw fail(key, "\(dotted(path)) already has a value (line \(span.line)), so it cannot hold a table")
            }
        }
        let last = keys.last!
        let path = table.path + [last.name]
        let span = TOMLSpan(line: last.line, column: last.column, endLine: last.line, endColumn: last.column)
        let fresh = TOMLTableBuilder(origin: .header, line: last.line, path: path)
        switch (table.slots[last.name], appending) {
        case (nil, false):
            table.set(last.name, .table(fresh, span))
            return fresh
        case (nil, true):
            table.set(last.name, .arrayOfTables([fresh], span))
            return fresh
        case (.arrayOfTables(let elements, let firstSpan), true):
            table.set(last.name, .arrayOfTables(elements + [fresh], firstSpan))
            return fresh
        case (.table(let child, _), false) where child.origin == .implicit:
            child.origin = .header
            child.line = last.line
            return child
        case (.table(let child, _), false):
            let how = child.origin == .dotted ? "by dotted keys" : "by its own header"
            throw fail(last, "table [\(dotted(path))] is defined twice (already \(how) on line \(child.line))")
        case (.table(let child, _), true):
            throw fail(last, "[[\(dotted(path))]] needs an array of tables, but [\(dotted(path))] is a table (line \(child.line))")
        case (.arrayOfTables(_, let span), false):
            throw fail(last, "\(dotted(path)) is an array of tables (line \(span.line)); write [[\(dotted(path))]] to add one")
        case (.value(_, let span), _):
            throw fail(last, "duplicate key \(dotted(path)) (first written on line \(span.line))")
        }
    }

    /// The finished table.
    func build() -> TOMLTable {
        let entries = order.map { name -> TOMLTable.Entry in
            let slot = slots[name]!
            let value: TOMLValue =
                switch slot {
                case .value(let value, _): value
                case .table(let child, _): .table(child.build())
                case .arrayOfTables(let elements, _): .array(elements.map { .table($0.build()) })
                }
            let span = slot.span
            return TOMLTable.Entry(
                key: name, value: value, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn)
        }
        return TOMLTable(entries: entries, line: line)
    }
}
