using System.CommandLine;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;

namespace KerasVis.Cli;

public static class Cli
{
    /// <param name="args">the command line: explain's method list comes from the Reference's registry, so it is read
    /// only when the command is explain (every other command, an external check above all, never loads TorchSharp)</param>
    public static RootCommand Build(string[]? args = null)
    {
        var root = new RootCommand("Executable specification of the Keras CNN-visualization labs: run the Reference against the goldens, print Keras " +
            "summaries.");
        root.Subcommands.Add(Summary());
        root.Subcommands.Add(CheckCommand.Build());
        root.Subcommands.Add(ListCommand.Build());
        root.Options.Add(CliOptions.Golden);
        root.Options.Add(Colour.Option);
        root.Subcommands.Add(ExplainCommand.Build(listMethods: args is null || args.FirstOrDefault() == "explain"));
        root.Subcommands.Add(MutantsCommand.Build());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(ConditioningCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(MethodsCommand.Build(KerasVis.ReferenceBackend.Adapters.MethodRegistry.Docs));
        root.Subcommands.Add(CoverageCommand.Build(KerasVis.ReferenceBackend.Adapters.MethodRegistry.Docs));
        root.Subcommands.Add(ModelsCommand.Build());
        return root;
    }

    static Command Summary()
    {
        var model = new Argument<string>("model") { Description = "one of: " + string.Join(", ", ModelZoo.Ids) };
        var width = CliOptions.RangedOptional("--line-length",
            "model.summary(line_length=N); the table is min(N or 88|108, terminal columns − 4) wide", 40, 1000);
        var columns = CliOptions.RangedOptional("--columns",
            "the terminal width Keras would see (default: COLUMNS, else this terminal, else 80: a notebook's 76-wide table)", 44, 1004);
        var cmd = new Command("summary", "Print the Keras 3 model.summary() text of a lab model") { model, width, columns };
        cmd.SetAction(r =>
        {
            var id = r.GetValue(model)!;
            if (!ModelZoo.Ids.Contains(id))
            {
                Console.Error.WriteLine($"error: unknown model '{id}' (models: {string.Join(", ", ModelZoo.Ids)})");
                return ExitCodes.Usage;
            }
            Console.Out.Write(KerasSummary.Render(ModelZoo.Get(id), r.GetValue(width), r.GetValue(columns) ?? TerminalColumns()));
            return 0;
        });
        return cmd;
    }

    /// <summary>What <c>shutil.get_terminal_size().columns</c> gives: a positive COLUMNS, the terminal's width, else 80.</summary>
    static int TerminalColumns()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int c) && c > 0) return c;
        return Console.IsOutputRedirected ? KerasSummary.NoTerminalColumns : Math.Max(Console.WindowWidth, 44);
    }
}
