using System.Text.RegularExpressions;

namespace KerasVis.Conformance.Harness;

/// <summary>One entry of an expectation list: case-id patterns and why.</summary>
public sealed record Expectation(string List, IReadOnlyList<string> Patterns, string Reason)
{
    readonly Regex[] regexes = Patterns.Select(ToRegex).ToArray();

    /// <summary>Patterns are case ids with <c>*</c> (any run of characters, '/' included) and <c>?</c> (one character),
    /// matched against the whole id; <c>@device</c> at the end limits the entry to one device.</summary>
    public bool Matches(string caseId, string device) => regexes.Any(r => r.IsMatch(caseId + "@" + device));

    static Regex ToRegex(string pattern)
    {
        var p = pattern.Contains('@') ? pattern : pattern + "@*";
        return new Regex("^" + Regex.Escape(p).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
    }
}
