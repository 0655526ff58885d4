using System.Text.Json;

namespace KerasVis.Conformance.Methods;

/// <summary>How a C# enum value is spelt in manifests and on the command line: snake_case (<c>SumOverBatchSize</c> →
/// <c>sum_over_batch_size</c>), the naming the parameter binder reads enums with.</summary>
public static class ManifestNames
{
    public static string Of(Enum value) => Of(value.ToString());

    public static string Of(string pascalName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(pascalName);
}
