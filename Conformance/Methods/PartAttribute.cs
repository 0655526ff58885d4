namespace KerasVis.Conformance.Methods;

/// <summary>Marks a parameter or steps record as a part that other records compose: a parameter record's property of
/// a part type contributes the part's parameters at the top level of <c>method.params</c> (no nesting in the manifest),
/// and a steps record's property of a part type contributes the part's outputs. So methods that share parameters or
/// steps share one record of them, and each method's own record adds only what is its own.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PartAttribute : Attribute;
