using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A case's outcome. <c>ExpectedFailure</c> and <c>UnexpectedPass</c> exist only under a backend's expectation
/// file (<see cref="Expectations"/>): a case listed as failing that fails, and one listed as failing that passes.</summary>
public enum CaseStatus { Passed, Failed, Skipped, ExpectedFailure, UnexpectedPass }
