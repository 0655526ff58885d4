using System.CommandLine;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;

namespace KerasVis.Cli;

public static class Cli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Executable specification of the Keras CNN-visualization labs: run the Reference against the goldens, print Keras summaries.");
        root.Subcommands.Add(Summary());
        foreach (var c in CheckCommands.All()) root.Subcommands.Add(c);
        root.Subcommands.Add(ExplainCommand.Build());
        root.Subcommands.Add(MutantsCommand.Build());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(MethodsCommand.Build());
        return root;
    }

    static Command Summary()
    {
        var model = new Argument<string>("model") { Description = "one of: " + string.Join(", ", ModelZoo.Ids) };
        var width = new Option<int?>("--line-length") { Description = "table width (Keras uses min(88|108, terminal columns − 4); 76 without a terminal, as in the labs)" };
        var cmd = new Command("summary", "Print the Keras 3 model.summary() text of a lab model") { model, width };
        cmd.SetAction(r =>
        {
            var id = r.GetValue(model)!;
            if (!ModelZoo.Ids.Contains(id))
            {
                Console.Error.WriteLine($"error: unknown model '{id}'. Known models: {string.Join(", ", ModelZoo.Ids)}");
                return 2;
            }
            Console.Out.Write(KerasSummary.Render(ModelZoo.Get(id), r.GetValue(width)));
            return 0;
        });
        return cmd;
    }
}
