using System.Text;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>Renders scenario results as the plain-text table the tool prints at the end.</summary>
public static class ResultTable
{
    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"scenario",-24} {"tried",8} {"failed",8} {"lost",6} {"dup",6} {"5xx",6}  result");
        foreach (var r in results)
        {
            var verdict = r.Passed ? "pass" : "FAIL";
            if (r.Passed && r.ServerErrorsAllowed && r.ServerErrors > 0)
            {
                verdict += " (5xx allowed while PostgreSQL restarts)";
            }

            text.AppendLine($"{r.Name,-24} {r.Tried,8} {r.Failed,8} {r.Lost,6} {r.Duplicated,6} {r.ServerErrors,6}  {verdict}");
        }

        foreach (var r in results)
        {
            text.AppendLine();
            text.AppendLine($"{r.Name} ({r.Elapsed.TotalSeconds:0} s)");
            foreach (var (name, value) in r.Figures)
            {
                text.AppendLine($"  {name}: {value}");
            }

            foreach (var note in r.Notes)
            {
                text.AppendLine($"  note: {note}");
            }

            foreach (var violation in r.Violations)
            {
                text.AppendLine($"  VIOLATION: {violation}");
            }
        }

        return text.ToString();
    }

    public static object ToRecord(ScenarioResult r) => new
    {
        r.Name,
        r.Passed,
        r.Tried,
        r.Failed,
        r.Lost,
        r.Duplicated,
        r.ServerErrors,
        r.ServerErrorsAllowed,
        ElapsedSeconds = Math.Round(r.Elapsed.TotalSeconds, 1),
        r.Figures,
        r.Notes,
        r.Violations
    };
}
