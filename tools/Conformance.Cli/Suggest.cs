namespace KerasVis.Cli;

/// <summary>"Did you mean …?" for a mistyped command, option or method name: the closest known name by edit distance
/// (Levenshtein), if it is close enough to be a typo (at most 2 edits, or a quarter of the name).</summary>
public static class Suggest
{
    public static string? Closest(string given, IEnumerable<string> names) =>
        names.Select(n => (n, d: Edits(given, n))).Where(x => x.d <= Math.Max(2, given.Length / 4)).OrderBy(x => x.d).ThenBy(x => x.n, StringComparer.Ordinal)
            .Select(x => x.n).FirstOrDefault();

    /// <summary>"; did you mean 'x'?" or "".</summary>
    public static string Phrase(string given, IEnumerable<string> names) => Closest(given, names) is { } best ? $"; did you mean '{best}'?" : "";

    static int Edits(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) d[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int prev = d[0];
            d[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int keep = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = keep;
            }
        }
        return d[b.Length];
    }
}
