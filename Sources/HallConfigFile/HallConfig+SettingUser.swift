import HallCore

extension HallConfig {
    /// Returns the configuration text with `user` set, every other line and comment kept as written.
    ///
    /// A new login gets a `[[users]]` block after the last one; an existing login gets its `password_hash`, `role` and
    /// `window` replaced (and `display_name`, when the user has one). The result is validated before it is returned.
    public static func settingUser(_ user: UserAccount, in text: String, source: String = "config") throws(ConfigError) -> String {
        guard isValidLogin(user.login) else {
            throw ConfigError(
                source: source, line: nil, key: "login", message: "\"\(user.login)\" is not a valid login (1–32 of a–z, 0–9, \".\", \"_\", \"-\")")
        }
        if let problem = PasswordHashFormat.problem(in: user.passwordHash) {
            throw ConfigError(source: source, line: nil, key: "password_hash", message: "not a password hash (\(problem))")
        }
        let document: TOMLDocument
        do {
            document = try TOMLParser.parse(text)
        } catch {
            throw ConfigError(source: source, line: error.line, column: error.column, key: "", message: error.message)
        }
        let root = try ConfigTableReader(document.root, path: "", source: source, allowed: topLevelKeys)
        let users = try root.optional("users", "[[users]] blocks", ConfigTableReader.tables) ?? []
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        // Split on line feeds as scalars: as Characters, "\r\n" is one grapheme and would not split.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }

        if let block = users.first(where: { $0["login"] == .string(user.login) }) {
            UserBlockEditor(block: block, user: user).apply(to: &lines)
        } else {
            let fresh = ["[[users]]"] + UserBlockEditor.keyLines(for: user)
            if let last = users.last {
                let anchor = last.entries.map(\.endLine).max() ?? last.line
                lines.insert(contentsOf: [""] + fresh, at: anchor)
            } else {
                if lines.last?.isEmpty == false { lines.append("") }
                lines.insert(contentsOf: [""] + fresh, at: lines.count - 1)
            }
        }
        if newline == "\r\n" {
            lines = lines.enumerated().map { index, line in index < lines.count - 1 && !line.hasSuffix("\r") ? line + "\r" : line }
        }
        let result = lines.joined(separator: "\n")
        _ = try parse(toml: result, source: source)
        return result
    }
}

/// Rewrites the lines of one existing `[[users]]` block.
private struct UserBlockEditor {
    let block: TOMLTable
    let user: UserAccount

    /// The keys a new block gets, in the order the demo file writes them.
    static func keyLines(for user: UserAccount) -> [String] {
        var lines = ["login = \(TOMLValue.quoted(user.login))", "role = \(TOMLValue.quoted(user.role.rawValue))"]
        if let window = user.window { lines.append("window = \(window)") }
        if let name = user.displayName { lines.append("display_name = \(TOMLValue.quoted(name))") }
        lines.append("password_hash = \(TOMLValue.quoted(user.passwordHash))")
        return lines
    }

    /// An edit: replace `count` lines from 0-based `start` with `lines`.
    private struct Edit {
        var start: Int
        var count: Int
        var lines: [String]
    }

    func apply(to lines: inout [String]) {
        let wanted: [(key: String, value: String?, keepIfNil: Bool)] = [
            ("role", TOMLValue.quoted(user.role.rawValue), false),
            ("window", user.window.map(String.init), false),
            ("display_name", user.displayName.map(TOMLValue.quoted), true),
            ("password_hash", TOMLValue.quoted(user.passwordHash), false),
        ]
        let indent = block.entry("login").map { String(String.UnicodeScalarView(lines[$0.line - 1].unicodeScalars.prefix($0.column - 1))) } ?? ""
        var edits: [Edit] = []
        var inserts: [Int: [String]] = [:]  // after 1-based line → new lines, in key order
        var anchor = block.entry("login")?.endLine ?? block.line
        for (key, value, keepIfNil) in wanted {
            if let entry = block.entry(key) {
                anchor = max(anchor, entry.endLine)
                if let value {
                    let head = String(String.UnicodeScalarView(lines[entry.line - 1].unicodeScalars.prefix(entry.column - 1)))
                    let tail = String(String.UnicodeScalarView(lines[entry.endLine - 1].unicodeScalars.dropFirst(entry.endColumn - 1)))
                    edits.append(Edit(start: entry.line - 1, count: entry.endLine - entry.line + 1, lines: [head + "\(key) = \(value)" + tail]))
                } else if !keepIfNil {
                    edits.append(Edit(start: entry.line - 1, count: entry.endLine - entry.line + 1, lines: []))
                }
            } else if let value {
                // A key the block lacks goes after the keys that precede it, or at the block's end for password_hash.
                let at = key == "password_hash" ? block.entries.map(\.endLine).max() ?? anchor : anchor
                inserts[at, default: []].append(indent + "\(key) = \(value)")
            }
        }
        edits += inserts.map { Edit(start: $0.key, count: 0, lines: $0.value) }
        // Bottom up, so earlier line numbers stay valid; at one line, replace before inserting in front of it.
        for edit in edits.sorted(by: { ($0.start, $0.count) > ($1.start, $1.count) }) {
            lines.replaceSubrange(edit.start..<(edit.start + edit.count), with: edit.lines)
        }
    }
}
