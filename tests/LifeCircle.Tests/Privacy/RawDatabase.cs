using Npgsql;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// Reads the test database directly with SQL, bypassing the app, to find where a piece of
/// personal data is still stored.
/// </summary>
public static class RawDatabase
{
    /// <summary>
    /// Searches the text form of every row of every table outside PostgreSQL's own schemas
    /// (Marten's events and documents, Wolverine's tables) for each term. Returns one line per
    /// table and term found, empty when none is found.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string connectionString, IEnumerable<string> terms)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         """
                         select quote_ident(table_schema) || '.' || quote_ident(table_name)
                         from information_schema.tables
                         where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                         """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains(tables, t => t.EndsWith(".mt_events", StringComparison.Ordinal));
        var found = new List<string>();
        foreach (var table in tables)
        {
            foreach (var term in terms)
            {
                // Table names come from the catalogue above, quoted; the term is a parameter.
                await using var search = new NpgsqlCommand(
                    $"select count(*) from {table} t where strpos(t::text, @term) > 0", connection);
                search.Parameters.AddWithValue("term", term);
                var rows = (long)(await search.ExecuteScalarAsync())!;
                if (rows > 0)
                {
                    found.Add($"{table}: {rows} row(s) contain \"{term}\"");
                }
            }
        }

        return found;
    }

    /// <summary>Returns the JSON text of the stored events of the given streams.</summary>
    public static Task<IReadOnlyList<string>> EventsOfAsync(string connectionString, IEnumerable<Guid> streamIds) =>
        QueryTextAsync(connectionString, "select data::text from lifecircle.mt_events where stream_id = any(@ids)", streamIds);

    /// <summary>Returns the JSON text of the documents with the given ids in one Marten document table.</summary>
    public static Task<IReadOnlyList<string>> DocumentsAsync(string connectionString, string table, IEnumerable<Guid> ids) =>
        QueryTextAsync(connectionString, $"select data::text from lifecircle.{table} where id = any(@ids)", ids);

    private static async Task<IReadOnlyList<string>> QueryTextAsync(string connectionString, string sql, IEnumerable<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }
}
