namespace LifeCircle.Core;

public static class TextRules
{
    /// <summary>True when a text has no control characters other than line breaks and tabs.</summary>
    public static bool IsPlainText(string? text) =>
        text is null || text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
}
