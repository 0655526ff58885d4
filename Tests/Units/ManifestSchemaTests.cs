using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>golden/schema/manifest.schema.json is the truth a port's author can validate against with any JSON Schema
/// library: every committed manifest passes it (JsonSchema.Net, draft 2020-12), its <c>$id</c> is an absolute URI so its
/// <c>#/$defs/…</c> references resolve anywhere, and what it refuses the harness refuses too.</summary>
public sealed class ManifestSchemaTests
{
    static readonly string SchemaPath = Path.Combine(GoldenRepository.GoldenDir, "schema", "manifest.schema.json");
    static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(SchemaPath));

    static EvaluationResults Evaluate(JsonNode manifest)
    {
        using var doc = JsonDocument.Parse(manifest.ToJsonString());
        return Schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    static string Errors(EvaluationResults r) => string.Join("; ", (r.Details ?? []).Where(d => d.Errors is not null)
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5));

    [Fact]
    public void Every_committed_manifest_is_valid_against_the_schema()
    {
        var manifests = GoldenRepository.LoadAll().Select(c => c.ManifestPath).ToList();
        Assert.True(manifests.Count > 100, $"{manifests.Count} manifests");
        var invalid = manifests.Select(m => (m, r: Evaluate(JsonNode.Parse(File.ReadAllText(m))!))).Where(x => !x.r.IsValid)
            .Select(x => $"{x.m}: {Errors(x.r)}").ToList();
        Assert.True(invalid.Count == 0, $"{invalid.Count} invalid: {string.Join("\n", invalid.Take(5))}");
    }

    [Fact]
    public void The_schema_id_is_an_absolute_uri()
    {
        var id = (string)JsonNode.Parse(File.ReadAllText(SchemaPath))!["$id"]!;
        Assert.True(Uri.TryCreate(id, UriKind.Absolute, out _), $"$id '{id}' is not an absolute URI");
    }

    [Theory]
    [InlineData("id", "\"losses/x\\\"><img>\"")]
    [InlineData("id", "\"losses\"")]
    [InlineData("source", "5")]
    [InlineData("outputs", "[]")]
    [InlineData("schema", "\"kerasvis-golden/2\"")]
    public void What_the_schema_refuses_the_harness_refuses(string key, string json)
    {
        var path = Path.Combine(GoldenRepository.GoldenDir, "losses", "cce_seed_example", "manifest.json");
        var m = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        m[key] = JsonNode.Parse(json);
        Assert.False(Evaluate(m).IsValid, $"the schema accepts {key} = {json}");
        var dir = Directory.CreateTempSubdirectory("kerasvis-schema-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "manifest.json"), m.ToJsonString());
            Assert.Throws<GoldenFormatException>(() => GoldenCase.Load(Path.Combine(dir, "manifest.json")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
