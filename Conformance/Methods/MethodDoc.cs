namespace KerasVis.Conformance.Methods;

/// <summary>One parameter of a method as <c>conformance methods</c> lists it. <see cref="Default"/> is null for a
/// required parameter.</summary>
public sealed record ParamDoc(string Name, string Type, string? Default, string Meaning, double Min = double.NaN, double Max = double.NaN)
{
    public bool Required => Default is null;
}

/// <summary>One output of a method: name (or name pattern), dtype, shape rule and meaning.</summary>
public sealed record OutputDoc(string Name, string DType, string Shape, string Meaning);

/// <summary>A method as the goldens name it (<c>method.name</c>), with its parameters and outputs.</summary>
public sealed record MethodDoc(string Name, string Summary, bool RunsOnDevice, IReadOnlyList<ParamDoc> Params, IReadOnlyList<OutputDoc> Outputs,
    string? Page = null);
