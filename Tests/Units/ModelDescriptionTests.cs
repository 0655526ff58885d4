using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Reference.Models;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>models/*.json, the language-neutral model descriptions in the porter's bundle: current with the Reference's
/// definitions, and every layer's output shape and parameter count equal to the labs' printed summaries (the summary
/// goldens, which come from the seeds, not from the Reference).</summary>
public sealed class ModelDescriptionTests
{
    static string Models => Path.Combine(GoldenRepository.Root(), "models");

    [Fact]
    public void Every_model_file_is_current()
    {
        foreach (var id in ModelZoo.Ids)
        {
            var path = Path.Combine(Models, $"{id}.json");
            Assert.True(File.Exists(path) && File.ReadAllText(path) == KerasVis.Cli.ModelsCommand.Json(ModelZoo.Get(id)),
                $"models/{id}.json is stale: run `dotnet tools/Conformance.Cli/bin/Release/net10.0/conformance.dll models --out models`");
        }
        Assert.Equal(ModelZoo.Ids.Order(StringComparer.Ordinal), Directory.GetFiles(Models, "*.json").Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_layer_matches_the_labs_printed_summary()
    {
        var printouts = GoldenRepository.LoadAll().Where(c => c.Family == "summary").ToList();
        Assert.NotEmpty(printouts);
        foreach (var c in printouts)
        {
            var model = JsonNode.Parse(File.ReadAllText(Path.Combine(Models, $"{c.Model}.json")))!;
            var rows = JsonNode.Parse(File.ReadAllText(c.PathOf("printout.json")))!["rows"]!.AsArray();
            var layers = model["layers"]!.AsArray();
            Assert.True(rows.Count == layers.Count, $"{c.Id}: {rows.Count} printed rows, {layers.Count} described layers");
            for (int i = 0; i < rows.Count; i++)
            {
                var l = layers[i]!;
                // the printed table cuts long names with "…" or "..." (a wildcard here); the rest must match exactly
                var printed = (string)rows[i]!["layer"]!;
                var pieces = printed.Replace("...", "…", StringComparison.Ordinal).Split('…').Select(System.Text.RegularExpressions.Regex.Escape);
                var pattern = "^" + string.Join(".*", pieces) + "$";
                Assert.Matches(pattern, $"{l["name"]} ({l["class_name"]})");
                var shape = string.Join(", ", l["output_shape"]!.AsArray().Select(d => d!.ToString()));
                Assert.Equal((string)rows[i]!["output_shape"]!, $"(None, {shape})");
                Assert.Equal(((string)rows[i]!["params"]!).Replace(",", "", StringComparison.Ordinal), l["params"]!.ToString());
                long weights = l["weights"]!.AsArray().Sum(w => w!["shape"]!.AsArray().Aggregate(1L, (a, d) => a * (long)d!));
                Assert.Equal((long)l["params"]!, weights);
            }
        }
    }
}
