using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A backend declining a case at run time with a reason (an external port that says it does not support the
/// method): the case is skipped with that reason.</summary>
public sealed class BackendDeclinedException(string reason) : Exception(reason);
