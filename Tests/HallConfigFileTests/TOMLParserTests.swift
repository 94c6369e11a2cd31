import HallConfigFile
import Testing

@Suite struct TOMLParserTests {
    private func parse(_ text: String) throws -> TOMLTable { try TOMLParser.parse(text).root }

    @Test func stringsOfEveryKind() throws {
        let table = try parse(
            #"""
            basic = "tab\there \"quoted\" back\\slash caf\u00E9 \U0001F600"
            literal = 'C:\Users\hall'
            empty = ""
            chinese = "办税服务厅"
            multi = """
            first line
              second line"""
            joined = """\
                one \
                two"""
            quotes = """she said "hi"."""" 
            raw = '''
            keep \n as written
            '''
            """#)
        #expect(table["basic"] == .string("tab\there \"quoted\" back\\slash café 😀"))
        #expect(table["literal"] == .string(#"C:\Users\hall"#))
        #expect(table["empty"] == .string(""))
        #expect(table["chinese"] == .string("办税服务厅"))
        #expect(table["multi"] == .string("first line\n  second line"))
        #expect(table["joined"] == .string("one two"))
        #expect(table["quotes"] == .string("she said \"hi\".\""))
        #expect(table["raw"] == .string("keep \\n as written\n"))
    }

    @Test func numbersAndBooleans() throws {
        let table = try parse(
            """
            a = 42
            b = -17
            c = +3
            d = 1_000_000
            e = 0xFF
            f = 0o17
            g = 0b1010
            h = 3.14
            i = -0.5e-3
            j = 1e6
            k = 6_000.5
            l = inf
            m = true
            n = false
            o = 0
            """)
        #expect(table["a"] == .integer(42))
        #expect(table["b"] == .integer(-17))
        #expect(table["c"] == .integer(3))
        #expect(table["d"] == .integer(1_000_000))
        #expect(table["e"] == .integer(255))
        #expect(table["f"] == .integer(15))
        #expect(table["g"] == .integer(10))
        #expect(table["h"] == .float(3.14))
        #expect(table["i"] == .float(-0.0005))
        #expect(table["j"] == .float(1_000_000))
        #expect(table["k"] == .float(6000.5))
        #expect(table["l"] == .float(.infinity))
        #expect(table["m"] == .boolean(true))
        #expect(table["n"] == .boolean(false))
        #expect(table["o"] == .integer(0))
    }

    @Test func arraysOverManyLinesWithCommentsAndTrailingComma() throws {
        let table = try parse(
            """
            services = [
                "A",  # general first
                "B",
            ]
            nested = [[1, 2], ["x"], []]
            empty = []
            """)
        #expect(table["services"] == .array([.string("A"), .string("B")]))
        #expect(table["nested"] == .array([.array([.integer(1), .integer(2)]), .array([.string("x")]), .array([])]))
        #expect(table["empty"] == .array([]))
    }

    @Test func inlineTablesAndDottedAndQuotedKeys() throws {
        let table = try parse(
            """
            point = { x = 1, y.z = "deep" }
            none = {}
            hall.name.zh = "大厅"
            hall.name.en = "Hall"
            "quoted key" = 1
            'literal.key' = 2
            """)
        guard case .table(let inline)? = table["point"], case .table(let y)? = inline["y"] else { Issue.record("no inline table"); return }
        #expect(inline["x"] == .integer(1))
        #expect(y["z"] == .string("deep"))
        #expect(table["none"] == .table(TOMLTable(entries: [], line: 2)))
        guard case .table(let hall)? = table["hall"], case .table(let name)? = hall["name"] else { Issue.record("no dotted table"); return }
        #expect(name.keys == ["zh", "en"])
        #expect(table["quoted key"] == .integer(1))
        #expect(table["literal.key"] == .integer(2))
    }

    @Test func tablesAndArraysOfTablesRecordTheirLines() throws {
        let document = try TOMLParser.parse(
            """
            # comment
            title = "x"

            [hall]
            name = "A"   # trailing comment

            [[windows]]
            number = 1
            [windows.extra]
            note = "sub-table of the last window"

            [[windows]]
              number = 2
            """)
        #expect(document.headerLines == [4, 7, 9, 12])
        let root = document.root
        #expect(root.keys == ["title", "hall", "windows"])
        guard case .table(let hall)? = root["hall"], case .array(let windows)? = root["windows"] else { Issue.record("shape"); return }
        #expect(hall.line == 4)
        let name = try #require(hall.entry("name"))
        #expect((name.line, name.column, name.endLine, name.endColumn) == (5, 1, 5, 11))
        #expect(windows.count == 2)
        guard case .table(let first) = windows[0], case .table(let second) = windows[1] else { Issue.record("elements"); return }
        #expect(first.line == 7)
        guard case .table(let extra)? = first["extra"] else { Issue.record("no sub-table"); return }
        #expect(extra["note"] == .string("sub-table of the last window"))
        #expect(second.line == 12)
        let number = try #require(second.entry("number"))
        #expect(number.line == 13 && number.column == 3)
    }

    @Test func implicitTablesMayBeDefinedLaterAndCRLFIsANewline() throws {
        let root = try parse("[a.b]\r\nx = 1\r\n[a]\r\ny = 2\r\n")
        guard case .table(let a)? = root["a"] else { Issue.record("no a"); return }
        #expect(a.keys == ["b", "y"])
        #expect(a.line == 3)
    }

    /// Malformed TOML and where it must be reported.
    static let malformed: [(text: String, line: Int, column: Int, says: String)] = [
        ("a = 1\na = 2", 2, 1, "duplicate key a (first written on line 1)"),
        ("[a]\nx = 1\n[a]", 3, 2, "defined twice"),
        ("a.b.c = 1\n[a.b]", 2, 4, "defined twice (already by dotted keys on line 1)"),
        ("[a.b]\nx = 1\n[a]\nb.y = 2", 4, 1, "cannot add to table [a.b] with a dotted key"),
        ("[a]\nb = 1\n[[a]]", 3, 3, "needs an array of tables"),
        ("[[a]]\nx = 1\n[a]", 3, 2, "is an array of tables"),
        ("a = []\n[[a]]", 2, 3, "duplicate key a"),
        ("a = {b = 1}\n[a.c]", 2, 2, "already has a value"),
        ("a = \"unterminated", 1, 5, "not closed"),
        ("a = \"\"\"never closed\nstill open", 1, 5, "not closed by \"\"\""),
        ("a = 1 b = 2", 1, 7, "expected the end of the line"),
        ("x = 1\na = [1, 2", 2, 5, "not closed by ]"),
        ("a = [1 2]", 1, 8, "expected \",\" or \"]\""),
        ("a = {x = 1,}", 1, 12, "cannot end with a comma"),
        ("a = { x = 1\n}", 1, 12, "closed on the same line"),
        ("a = 01", 1, 5, "not a valid number"),
        ("a = 1__0", 1, 5, "not a valid number"),
        ("a = 9223372036854775808", 1, 5, "out of range"),
        ("a = \"\\q\"", 1, 6, "not a valid escape"),
        ("a = \"\\uD800\"", 1, 6, "not a Unicode scalar"),
        ("a = \"\\u12\"", 1, 6, "exactly 4 hexadecimal digits"),
        ("a = 1979-05-27", 1, 5, "dates and times are not supported"),
        ("mon = [09:00-12:00]", 1, 8, "as a \"string\" in quotes"),
        ("name = Tax Hall", 1, 8, "text must be in quotes"),
        ("= 1", 1, 1, "expected a key"),
        ("a =", 1, 4, "expected a value"),
        ("a 1", 1, 3, "expected \"=\" after the key a"),
        ("[a\nb = 1", 1, 3, "expected ] to close"),
        ("a = \"bell\u{07}\"", 1, 10, "control character U+0007"),
        ("a = 1\rb = 2", 1, 6, "carriage return"),
    ]

    @Test(arguments: malformed)
    func malformedTextIsRefusedWithLineAndColumn(text: String, line: Int, column: Int, says: String) {
        #expect {
            _ = try TOMLParser.parse(text)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            #expect(error.message.contains(says), "\(error)")
            #expect((error.line, error.column) == (line, column), "\(error)")
            return true
        }
    }

    @Test func quotingRoundTrips() throws {
        let tricky = "say \"hi\"\\ \n\t\u{01} 办税"
        let root = try parse("v = \(TOMLValue.quoted(tricky))")
        #expect(root["v"] == .string(tricky))
    }
}
