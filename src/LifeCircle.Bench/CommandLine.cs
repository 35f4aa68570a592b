using System.Globalization;

namespace LifeCircle.Bench;

/// <summary>The options of one command, given as <c>--name value</c> pairs.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> arguments)
    {
        using var items = arguments.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new ArgumentException($"Expected an option such as --duration, got '{name}'.");
            }

            if (!items.MoveNext())
            {
                throw new ArgumentException($"Option {name} needs a value.");
            }

            _values[name[2..]] = items.Current;
        }
    }

    public string Text(string name) =>
        TextOrNull(name) ?? throw new ArgumentException($"Missing option --{name}.");

    public string? TextOrNull(string name)
    {
        _read.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public int Integer(string name, int? fallback = null)
    {
        var text = TextOrNull(name);
        if (text is null)
        {
            return fallback ?? throw new ArgumentException($"Missing option --{name}.");
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"Option --{name} must be a whole number of 0 or more, got '{text}'.");
    }

    public double Number(string name, double fallback)
    {
        var text = TextOrNull(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"Option --{name} must be a number of 0 or more, got '{text}'.");
    }

    /// <summary>Reads a comma-separated list of whole numbers, such as <c>1,8,32</c>.</summary>
    public int[] Integers(string name, int[] fallback)
    {
        var text = TextOrNull(name);
        if (text is null)
        {
            return fallback;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"Option --{name} must list whole numbers above 0, got '{text}'."))
            .ToArray();
    }

    /// <summary>Throws when an option was given that the command never read, which is a typo or a stale option.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}
