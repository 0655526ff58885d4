namespace KerasVis.Conformance.Methods;

/// <summary>One parameter of a method as <c>conformance methods</c> lists it. <see cref="Default"/> is null for a
/// required parameter; <see cref="Min"/> and <see cref="Max"/> are NaN where there is no bound (null in the JSON).</summary>
public sealed record ParamDoc(string Name, string Type, string? Default, string Meaning,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(NoBoundAsNull))] double Min = double.NaN,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(NoBoundAsNull))] double Max = double.NaN)
{
    public bool Required => Default is null;
}

/// <summary>A bound in the method table's JSON: a number, or null for "no bound" (never the string "NaN", which a
/// reader in another language would take for a value).</summary>
public sealed class NoBoundAsNull : System.Text.Json.Serialization.JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(System.Text.Json.Utf8JsonWriter writer, double value, System.Text.Json.JsonSerializerOptions options)
    {
        if (double.IsNaN(value)) writer.WriteNullValue();
        else writer.WriteNumberValue(value);
    }
}

/// <summary>One output of a method: name (or name pattern), dtype, shape rule and meaning.</summary>
public sealed record OutputDoc(string Name, string DType, string Shape, string Meaning);

/// <summary>A method as the goldens name it (<c>method.name</c>), with its parameters and outputs.</summary>
public sealed record MethodDoc(string Name, string Summary, bool RunsOnDevice, IReadOnlyList<ParamDoc> Params, IReadOnlyList<OutputDoc> Outputs,
    string? Page = null);
