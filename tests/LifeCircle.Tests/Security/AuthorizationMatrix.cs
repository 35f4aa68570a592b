namespace LifeCircle.Tests.Security;

/// <summary>One row of the authorization matrix in docs/security.md.</summary>
public sealed record MatrixRow(string Method, string Route, IReadOnlyDictionary<string, string> Expected);

/// <summary>
/// Reads the authorization matrix table from docs/security.md: the rows whose first cell is
/// an HTTP method, with one expected outcome per role column.
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly string[] Roles = ["anonymous", "resident", "provider", "operator", "admin"];

    public static IReadOnlyList<MatrixRow> Rows { get; } = Load();

    public static string DocumentPath
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LifeCircle.sln")))
            {
                folder = folder.Parent;
            }

            return folder is null
                ? throw new FileNotFoundException("LifeCircle.sln not found above the test output folder.")
                : Path.Combine(folder.FullName, "docs", "security.md");
        }
    }

    private static IReadOnlyList<MatrixRow> Load()
    {
        var rows = new List<MatrixRow>();
        foreach (var line in File.ReadLines(DocumentPath))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 8 || cells[1] is not ("GET" or "POST" or "PUT" or "DELETE"))
            {
                continue;
            }

            var expected = Roles.Select((role, i) => (role, cell: cells[3 + i])).ToDictionary(x => x.role, x => x.cell);
            rows.Add(new MatrixRow(cells[1], cells[2], expected));
        }

        return rows;
    }
}
