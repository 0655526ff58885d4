using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A backend's own, already self-explanatory failure on one case (an external port that crashed, timed out or
/// wrote an unreadable file): reported as the case's message without a stack frame.</summary>
public sealed class BackendFailureException(string message) : Exception(message);
