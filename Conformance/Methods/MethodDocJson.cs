using System.Text.Json.Serialization;

namespace KerasVis.Conformance.Methods;

/// <summary>The method table as JSON (<c>docs/methods/methods.json</c>, generated with index.md): the torch-free checker
/// embeds it for <c>conformance methods</c>. Source-generated, so it needs no reflection in a trimmed binary.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(List<MethodDoc>))]
public sealed partial class MethodDocJson : JsonSerializerContext;
