extension BureauSchema {
    /// A migration that adds `source`'s counters up per calendar month into a new `table` with the same `keys` (after
    /// `hall_id`; `source` has a `day` column), kept by a trigger on `source` in the same transaction as its rows
    /// (whoever writes them: the shipper, a restore, a copy). Reads over a range take the whole months inside it from
    /// `table` and the days at either end from `source`: a year adds 12 rows per key instead of 365. Existing rows are
    /// added up once, here. Migrations 2 (statistics) and 3 (heatmaps).
    static func monthRollups(_ table: String, of source: String, keys: [(name: String, type: String)]) -> String {
        let names = RollupColumns.counters.map(\.name)
        let list = RollupColumns.list
        let keyList = keys.map(\.name).joined(separator: ", ")
        let adds = names.map { "\($0) = m.\($0) + excluded.\($0)" }.joined(separator: ", ")
        func upsert(_ values: String) -> String {
            """
            INSERT INTO \(table) AS m (hall_id, month, \(keyList), \(list))
                    VALUES (NEW.hall_id, date_trunc('month', NEW.day)::date, \(keys.map { "NEW.\($0.name)" }.joined(separator: ", ")), \(values))
                    ON CONFLICT (hall_id, month, \(keyList)) DO UPDATE SET \(adds);
            """
        }
        return """
            -- Halls ship while a bureau migrates: no row may change between the sums below and the trigger, or its
            -- month would miss it for good. Writers wait for this transaction; readers do not.
            LOCK TABLE \(source) IN SHARE ROW EXCLUSIVE MODE;
            CREATE TABLE \(table) (
                hall_id text NOT NULL,
                month date NOT NULL CHECK (extract(day FROM month) = 1),
                \(keys.map { "\($0.name) \($0.type) NOT NULL," }.joined(separator: "\n    "))
                \(counters),
                PRIMARY KEY (hall_id, month, \(keyList))
            );
            INSERT INTO \(table) (hall_id, month, \(keyList), \(list))
                SELECT hall_id, date_trunc('month', day)::date, \(keyList), \(names.map { "SUM(\($0))" }.joined(separator: ", "))
                FROM \(source) GROUP BY hall_id, 2, \(keyList);
            -- A row's key never changes (rows are only added to), so each insert or update adds what it adds.
            CREATE FUNCTION \(table)_add() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    \(upsert(names.map { "NEW.\($0)" }.joined(separator: ", ")))
                ELSE
                    \(upsert(names.map { "NEW.\($0) - OLD.\($0)" }.joined(separator: ", ")))
                END IF;
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER \(source)_to_months AFTER INSERT OR UPDATE ON \(source)
                FOR EACH ROW EXECUTE FUNCTION \(table)_add();
            """
    }
}
