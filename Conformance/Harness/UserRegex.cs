using System.Text.RegularExpressions;

namespace KerasVis.Conformance.Harness;

/// <summary>A regular expression the user typed (<c>--filter</c>, <c>--only</c>). It is compiled with .NET's
/// non-backtracking engine, whose matching time is linear in the text, so a pattern such as <c>^([a-z_/0-9]+)+$</c>
/// cannot run away; a pattern that needs backtracking (back-references, look-arounds) gets the ordinary engine with a
/// one-second limit per match, and running past it is a <see cref="UserRegexException"/>.</summary>
public static class UserRegex
{
    public static readonly TimeSpan MatchLimit = TimeSpan.FromSeconds(1);

    /// <summary>The compiled pattern; <see cref="ArgumentException"/> when it is not a valid expression.</summary>
    public static Regex Compile(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchLimit); }
        catch (NotSupportedException) { return new Regex(pattern, RegexOptions.CultureInvariant, MatchLimit); }
    }

    /// <summary>The items whose key matches; <paramref name="option"/> names the option in the error.</summary>
    public static List<T> Where<T>(IEnumerable<T> items, Func<T, string> key, string pattern, string option)
    {
        var rx = Compile(pattern);
        var kept = new List<T>();
        foreach (var item in items)
        {
            try { if (rx.IsMatch(key(item))) kept.Add(item); }
            catch (RegexMatchTimeoutException)
            {
                throw new UserRegexException($"{option} '{pattern}' ran over {MatchLimit.TotalSeconds:0} s on '{key(item)}' (it backtracks " +
                    "catastrophically); write it without nested repetition or back-references");
            }
        }
        return kept;
    }
}

/// <summary>A user's regular expression that ran past <see cref="UserRegex.MatchLimit"/>.</summary>
public sealed class UserRegexException(string message) : InputException(message);
