import ArgumentParser
import Foundation
import HallStore

/// `hallqd backup`: a consistent copy of the hall's database, taken while the daemon serves.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database consistently while the daemon serves (SQLite's online backup), and check the copy.",
        discussion: """
            With --to FILE the copy replaces FILE. With --into DIR it is named after the database and the time \
            (hall-20261124T023000Z.sqlite) and only the newest --keep copies in DIR are kept.
            """)

    @Option(help: "The SQLite database file to copy.")
    var db = "data/hall.sqlite"

    @Option(help: "Write the copy to this file.")
    var to: String?

    @Option(help: "Write a dated copy into this folder (made 0700 if missing).")
    var into: String?

    @Option(help: "With --into: how many dated copies to keep (the oldest beyond these are deleted).")
    var keep = 14

    func validate() throws {
        guard (to == nil) != (into == nil) else { throw ValidationError("give either --to FILE or --into FOLDER") }
        guard keep >= 1 else { throw ValidationError("--keep must be 1 or more") }
    }

    func run() throws {
        let destination: String
        if let into {
            try FileManager.default.createDirectory(atPath: into, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            destination = (into as NSString).appendingPathComponent("\(Self.stem(db))-\(HallStore.compactStamp(Date())).sqlite")
        } else {
            destination = to!
        }
        let summary = try HallStore.backup(database: db, to: destination)
        print("backup \(summary.description)")
        if let into {
            for old in try Self.datedCopies(in: into, of: db).dropLast(keep) {
                try FileManager.default.removeItem(atPath: (into as NSString).appendingPathComponent(old))
                print("removed the older copy \(old)")
            }
        }
    }

    /// The database's file name without `.sqlite`: what dated copies are named after.
    static func stem(_ database: String) -> String {
        let name = (database as NSString).lastPathComponent
        return name.hasSuffix(".sqlite") ? String(name.dropLast(7)) : name
    }

    /// The dated copies of `database` in `folder`, oldest first (their names sort by time); nothing else in the
    /// folder is ever touched.
    static func datedCopies(in folder: String, of database: String) throws -> [String] {
        let prefix = stem(database) + "-"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".sqlite") else { return false }
            let stamp = name.dropFirst(prefix.count).dropLast(7)
            return stamp.count == 16 && stamp.wholeMatch(of: /\d{8}T\d{6}Z/) != nil
        }.sorted()
    }
}

/// `hallqd restore`: put a backup in place of the database, after checking it.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a backup (integrity, schema version) and put it in place of the database; the daemon must be stopped.",
        discussion: "The database it replaces is kept beside it as <db>.before-restore-<time>. With --check-only nothing is changed.")

    @Option(help: "The backup file.")
    var from: String

    @Option(help: "The database file to replace.")
    var db = "data/hall.sqlite"

    @Flag(name: .customLong("check-only"), help: "Only check the backup and say what it holds.")
    var checkOnly = false

    func run() throws {
        let summary = try HallStore.inspectBackup(from)
        print("backup \(summary.description): sound")
        guard !checkOnly else { return }
        let kept = try HallStore.restore(backup: from, to: db)
        print("restored \(from) to \(db)" + (kept.map { "; the database it replaced is kept as \($0)" } ?? ""))
    }
}
