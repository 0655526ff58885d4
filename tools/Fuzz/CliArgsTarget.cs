using System.CommandLine;
using System.Text;

namespace KerasVis.Fuzz;

/// <summary>
/// The CLI's argument parser under fuzzing: the fuzzed bytes, split at newlines, are a command line given to the real
/// root command (<c>Cli.Build</c>); it is parsed, never run. Parsing runs every option's validator (ranges, regular
/// expressions, choices); a finding is any exception from parsing, from reading the parsed values the way
/// <c>CliHost</c> does, or an error line (as <c>CliHost</c> prints it) holding a line break or a control character.
/// </summary>
public static class CliArgsTarget
{
    // built once each (explain's method list is read only for explain): the shared --golden option remembers every
    // root it was added to, so a root per execution would grow without end
    static readonly Lazy<RootCommand> Plain = new(() => KerasVis.Cli.Cli.Build([])), Explain = new(() => KerasVis.Cli.Cli.Build(["explain"]));

    public static void Run(string path)
    {
        // an operating system's argv cannot hold NUL (C strings), so none is given
        var args = Encoding.UTF8.GetString(File.ReadAllBytes(path)).Replace("\0", "", StringComparison.Ordinal).Split('\n').Take(40).ToArray();
        var root = args.FirstOrDefault() == "explain" ? Explain.Value : Plain.Value;
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var line = KerasVis.Cli.CliHost.ParseErrorLine(root, parsed);
            if (line.Any(char.IsControl)) throw new WriterFindingException($"the error line holds a line break or control character: {line}");
            return;
        }
        if (parsed.Action is System.CommandLine.Help.HelpAction) return;
        foreach (var option in parsed.CommandResult.Command.Options.Concat(parsed.RootCommandResult.Command.Options))
            _ = parsed.GetResult(option) is { } r ? r.Implicit ? null : parsed.GetValue<object?>(option.Name) : null;
    }
}
