namespace KerasVis.Conformance.IO;

/// <summary>Text from elsewhere (a port's stderr or note, a text output) made safe to show on a terminal or in a
/// report: every control character except the tab — and the newline, when kept — is written as <c>\uXXXX</c>, so an
/// ANSI escape cannot recolour or rewrite the user's terminal, a NUL cannot cut a text, and a <c>\r</c> is seen.</summary>
public static class VisibleText
{
    public static string Of(string text, bool keepNewlines = false)
    {
        bool Hidden(char ch) => char.IsControl(ch) && ch != '\t' && !(keepNewlines && ch == '\n');
        return text.Any(Hidden) ? string.Concat(text.Select(ch => Hidden(ch) ? $"\\u{(int)ch:X4}" : ch.ToString())) : text;
    }
}
