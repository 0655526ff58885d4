using System.CommandLine;
using System.Text.RegularExpressions;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Cli;

/// <summary>Runs a parsed command line with the CLI's conventions: a parse error is one <c>error:</c> line and exit 2;
/// a user error raised by a command (bad input, a malformed file) is one <c>error:</c> line and exit 2; anything else is
/// an internal error, one line and exit 3 — never a stack trace. <c>--golden DIR</c> selects the golden set first.</summary>
public static class CliHost
{
    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine(ParseErrorLine(root, parsed));
            return ExitCodes.Usage;
        }
        try
        {
            Colour.Decide(parsed);
            // with --help the parser keeps no errors, so a --golden without its value is simply not used
            if (parsed.Action is not System.CommandLine.Help.HelpAction && parsed.GetValue(CliOptions.Golden) is { } golden) GoldenRepository.Use(golden);
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: internal error ({e.GetType().Name}): {OneLine(e.Message)} — a defect of this tool; please report it with " +
                $"the command line");
            return ExitCodes.Internal;
        }
    }

    /// <summary>The one line printed for a command line that does not parse: its first error, in words.</summary>
    public static string ParseErrorLine(RootCommand root, ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var cmd = string.Join(' ', command.Name is var n && n == root.Name ? [] : new[] { n });
        // an unknown word says more than "Required command was not provided", and is most often a typo
        var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)) ?? parsed.Errors[0];
        var hint = "";
        if (System.Text.RegularExpressions.Regex.Match(error.Message, "^Unrecognized command or argument '(.+)'") is { Success: true } m)
        {
            var known = command.Subcommands.Select(c => c.Name).Concat(command.Options.Concat(root.Options).SelectMany(o => o.Aliases.Append(o.Name)));
            hint = Suggest.Phrase(m.Groups[1].Value, known);
        }
        var text = OneLine(Plain(error.Message));
        if (hint.Length > 0) text = text.TrimEnd('.') + hint;
        return $"error: {text} (see `conformance {cmd}{(cmd.Length > 0 ? " " : "")}--help`)";
    }

    /// <summary>Errors that describe the user's input, not a defect here.</summary>
    public static bool IsUserError(Exception e) => e is Conformance.InputException or RegexParseException or FileNotFoundException
        or DirectoryNotFoundException or UnauthorizedAccessException or ArgumentOutOfRangeException || e.GetType() == typeof(ArgumentException)
        || e is IOException { HResult: 27 or 28 or 30 or 122 };   // EFBIG, ENOSPC, EROFS, EDQUOT: the machine's disk, not a defect here

    /// <summary>A conversion error in words, not .NET type names: "… for option '--timeout' as a number".</summary>
    static string Plain(string message) => System.Text.RegularExpressions.Regex.Replace(message,
        @"as expected type '(?:System\.Nullable`1\[)?System\.(\w+)\]?'", m => m.Groups[1].Value switch
        {
            "Double" or "Single" or "Decimal" => "as a number",
            "Int32" or "Int64" or "Int16" or "Byte" or "UInt32" or "UInt64" => "as an integer",
            "Boolean" => "as true or false",
            var t => $"as a {t}",
        });

    static string OneLine(string s) => Conformance.IO.VisibleText.Of(System.Text.RegularExpressions.Regex.Replace(s.ReplaceLineEndings(" ")
        .Replace('\t', ' '), " {2,}", " ").Trim());
}
