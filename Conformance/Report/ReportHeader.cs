namespace KerasVis.Conformance.Report;

/// <summary>What the report's header says about the run.</summary>
public sealed record ReportHeader(string Backend, string Device, string Harness, string GoldenSet, string Expectations, string Started);
