using System.CommandLine;

namespace KerasVis.Cli;

/// <summary>Colour in the check table, where a person reads it: on when stdout is a terminal, off when it is redirected,
/// when <c>NO_COLOR</c> is set to anything non-empty (no-color.org) or with <c>--color never</c>; <c>--color always</c>
/// forces it (a CI log that renders ANSI). Only the status word is coloured, so the columns stay aligned.</summary>
public static class Colour
{
    public static readonly Option<string> Option = new("--color")
    {
        Description = "colour the status words: auto (on a terminal, unless NO_COLOR is set), always or never",
        DefaultValueFactory = _ => "auto", Recursive = true,
    };

    static Colour() => Option.AcceptOnlyFromAmong("auto", "always", "never");

    public static bool Enabled { get; private set; }

    public static void Decide(ParseResult parsed)
    {
        string mode;
        try { mode = parsed.GetValue(Option) ?? "auto"; }
        catch (InvalidOperationException) { mode = "auto"; }
        Enabled = mode switch
        {
            "always" => true,
            "never" => false,
            _ => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && !Console.IsOutputRedirected
                && Environment.GetEnvironmentVariable("TERM") != "dumb",
        };
    }

    /// <summary><paramref name="padded"/> (already padded to its column) in the status's colour when enabled.</summary>
    public static string Status(string status, string padded)
    {
        if (!Enabled) return padded;
        var code = status switch { "pass" => "32", "FAIL" or "XPASS" => "1;31", "xfail" => "33", "skip" => "2", _ => null };
        return code is null ? padded : $"\u001b[{code}m{status}\u001b[0m{padded[status.Length..]}";
    }
}
