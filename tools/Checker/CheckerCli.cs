using System.CommandLine;

namespace KerasVis.Cli;

/// <summary>The checker's commands: check (external backend), list, methods. The method table is the one the full CLI
/// generates (docs/methods/methods.json, embedded at build time).</summary>
public static class CheckerCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("The Keras CNN-visualization conformance checker: judges a port (any language, through files) against the golden set. " +
            "No Reference inside: `check --backend external` only.");
        root.Options.Add(CliOptions.Golden);
        root.Options.Add(Colour.Option);
        root.Subcommands.Add(CheckCommand.Build());
        root.Subcommands.Add(ListCommand.Build());
        root.Subcommands.Add(MethodsCommand.Build(EmbeddedMethods));
        return root;
    }

    static IReadOnlyList<Conformance.Methods.MethodDoc> EmbeddedMethods()
    {
        using var s = typeof(CheckerCli).Assembly.GetManifestResourceStream("methods.json")
            ?? throw new InvalidDataException("the method table is not embedded in this build");
        using var reader = new StreamReader(s);
        return MethodsCommand.FromJson(reader.ReadToEnd());
    }
}
