namespace KerasVis.Conformance.Methods;

/// <summary>Documents one parameter of a method's parameter record (<c>method.params</c> in a manifest): what it means
/// and, for numbers, the closed range it must lie in (checked when a manifest is bound). <see cref="Type"/> overrides
/// the type name derived from the C# type where that would not say enough.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class ParamAttribute(string meaning) : Attribute
{
    public string Meaning { get; } = meaning;
    public double Min { get; init; } = double.NaN;
    public double Max { get; init; } = double.NaN;
    public string? Type { get; init; }
}
