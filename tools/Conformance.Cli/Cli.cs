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
        root.Subcommands.Add(ExplainCommand.Build(listMethods: args is null || args.FirstOrDefault() == "explain"));
        root.Subcommands.Add(MutantsCommand.Build());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(ConditioningCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(MethodsCommand.Build(KerasVis.ReferenceBackend.Adapters.MethodRegistry.Docs));
        return root;
    }

    static Command Summary()
    {
        var model = new Argument<string>("model") { Description = "one of: " + string.Join(", ", ModelZoo.Ids) };
        var width = CliOptions.RangedOptional("--line-length",
            "table width (Keras uses min(88|108, terminal columns − 4); 76 without a terminal, as in the labs)", 40, 1000);
        var cmd = new Command("summary", "Print the Keras 3 model.summary() text of a lab model") { model, width };
        cmd.SetAction(r =>
        {
            var id = r.GetValue(model)!;
            if (!ModelZoo.Ids.Contains(id))
            {
                Console.Error.WriteLine($"error: unknown model '{id}' (models: {string.Join(", ", ModelZoo.Ids)})");
                return ExitCodes.Usage;
            }
            Console.Out.Write(KerasSummary.Render(ModelZoo.Get(id), r.GetValue(width)));
            return 0;
        });
        return cmd;
    }
}
