namespace KerasVis.Conformance.Methods;

/// <summary>Documents one output of a method on the property that carries it (a Reference steps record or an adapter's
/// outputs record): its dtype, the rule for its shape and what it is. The output's name is the property's name in
/// snake_case (<c>CamRaw</c> → <c>cam_raw</c>) unless <see cref="Name"/> says otherwise (a family of outputs such as
/// <c>grid_&lt;layer&gt;</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OutputAttribute(string dtype, string shape, string meaning) : Attribute
{
    public string DType { get; } = dtype;
    public string Shape { get; } = shape;
    public string Meaning { get; } = meaning;
    /// <summary>The output name (or name pattern) where it is not the property's snake_case name.</summary>
    public string? Name { get; init; }
}
